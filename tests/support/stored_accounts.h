#pragma once

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace beacon::testing {

// Stores `ids` as active accounts in the database in `data_dir` (created if missing), before a
// core opens it: a core seeds only a new database, so these come in addition to celtra and test.
::testing::AssertionResult StoreActiveAccounts(const std::string& data_dir,
                                               const std::vector<std::string>& ids);

}  // namespace beacon::testing
