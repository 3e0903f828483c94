#include "core/known_account.h"

#include "absl/strings/str_cat.h"
#include "core/validation.h"

namespace beacon::core {

absl::Status RequireKnownAccount(const storage::AccountStore& accounts, const std::string& id) {
  if (absl::Status s = ValidateAccountId(id); !s.ok()) return s;
  const absl::StatusOr<storage::Account> account = accounts.Get(id);
  if (absl::IsNotFound(account.status())) {
    return absl::NotFoundError(absl::StrCat("Account not found: ", id));
  }
  return account.status();
}

}  // namespace beacon::core
