#include "stored_accounts.h"

#include "storage/database.h"

namespace beacon::testing {

::testing::AssertionResult StoreActiveAccounts(const std::string& data_dir,
                                               const std::vector<std::string>& ids) {
  auto store = storage::Database::Open(data_dir);
  if (!store.ok()) return ::testing::AssertionFailure() << store.status().ToString();
  for (const auto& id : ids) {
    if (auto put = (*store)->accounts().Put({id, true, /*key_hash=*/""}); !put.ok()) {
      return ::testing::AssertionFailure() << put.ToString();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace beacon::testing
