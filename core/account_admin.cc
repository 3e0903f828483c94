#include "core/account_admin.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/secrets.h"
#include "core/validation.h"

namespace beacon::core {
namespace {

// AccountStore says only "Account not found"; administrators get the id back.
absl::Status NameTheAccount(const absl::Status& status, const std::string& id) {
  if (absl::IsNotFound(status)) return absl::NotFoundError(absl::StrCat("Account not found: ", id));
  return status;
}

}  // namespace

absl::StatusOr<CreatedAccount> AccountAdmin::Create(const std::string& id, bool active) const {
  if (absl::Status s = ValidateAccountId(id); !s.ok()) return s;
  absl::StatusOr<std::string> key = NewSecret();
  if (!key.ok()) return key.status();
  CreatedAccount created{{id, active, HashSecret(*key)}, *std::move(key)};
  if (absl::Status s = accounts_.Create(created.account); !s.ok()) return s;
  return created;
}

absl::StatusOr<storage::Account> AccountAdmin::Get(const std::string& id) const {
  if (absl::Status s = ValidateAccountId(id); !s.ok()) return s;
  absl::StatusOr<storage::Account> account = accounts_.Get(id);
  if (!account.ok()) return NameTheAccount(account.status(), id);
  return account;
}

absl::StatusOr<AccountListing> AccountAdmin::List(const std::string& page_token,
                                                  size_t page_size) const {
  if (page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("page_size must be at most ", kMaxPageSize));
  }
  // The token is the last id of the previous page.
  if (!page_token.empty() && !ValidateAccountId(page_token).ok()) {
    return absl::InvalidArgumentError("page_token is not one this service issued");
  }
  absl::StatusOr<storage::AccountPage> page =
      accounts_.List(page_token, page_size == 0 ? kDefaultPageSize : page_size);
  if (!page.ok()) return page.status();
  AccountListing listing;
  if (page->more && !page->accounts.empty()) listing.next_page_token = page->accounts.back().id;
  listing.accounts = std::move(page->accounts);
  return listing;
}

absl::StatusOr<storage::Account> AccountAdmin::Update(const std::string& id,
                                                      std::optional<bool> active) const {
  if (absl::Status s = ValidateAccountId(id); !s.ok()) return s;
  absl::StatusOr<storage::Account> account = accounts_.Update(id, [&](storage::Account& a) {
    if (active.has_value()) a.active = *active;
  });
  if (!account.ok()) return NameTheAccount(account.status(), id);
  return account;
}

absl::Status AccountAdmin::Delete(const std::string& id) const {
  if (absl::Status s = ValidateAccountId(id); !s.ok()) return s;
  if (absl::Status s = accounts_.Delete(id); !s.ok()) return NameTheAccount(s, id);
  hub_.CloseAccount(id, absl::NotFoundError(absl::StrCat("Account deleted: ", id)));
  return absl::OkStatus();
}

absl::StatusOr<std::string> AccountAdmin::RotateKey(const std::string& id) const {
  if (absl::Status s = ValidateAccountId(id); !s.ok()) return s;
  absl::StatusOr<std::string> key = NewSecret();
  if (!key.ok()) return key.status();
  const std::string hash = HashSecret(*key);
  const absl::StatusOr<storage::Account> account =
      accounts_.Update(id, [&](storage::Account& a) { a.key_hash = hash; });
  if (!account.ok()) return NameTheAccount(account.status(), id);
  return key;
}

}  // namespace beacon::core
