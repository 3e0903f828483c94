#pragma once

#include <string>

#include "absl/status/status.h"
#include "storage/account_store.h"

namespace beacon::core {

// OK when `id` is well-formed and names a stored account (active or not); otherwise
// InvalidArgument, NotFound "Account not found: <id>", or the storage error.
absl::Status RequireKnownAccount(const storage::AccountStore& accounts, const std::string& id);

}  // namespace beacon::core
