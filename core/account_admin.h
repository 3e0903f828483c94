#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/subscription_hub.h"
#include "storage/account_store.h"

namespace beacon::core {

struct CreatedAccount {
  storage::Account account;
  std::string subscriber_key;  // shown once; only its hash is stored
};

struct AccountListing {
  std::vector<storage::Account> accounts;
  std::string next_page_token;  // empty: no more
};

// The rules of account administration, transport-free. Changes are stored at once, so they
// apply to the next Track and Subscribe; deleting an account also ends the streams that filter
// on it.
//
// Threading: thread-safe (AccountStore serialises the changes). Lifetime: `accounts` and `hub`
// must outlive it.
class AccountAdmin {
 public:
  static constexpr size_t kDefaultPageSize = 100;
  static constexpr size_t kMaxPageSize = 1000;

  AccountAdmin(storage::AccountStore& accounts, SubscriptionHub& hub)
      : accounts_(accounts), hub_(hub) {}

  // InvalidArgument (malformed id), AlreadyExists.
  absl::StatusOr<CreatedAccount> Create(const std::string& id, bool active) const;
  // NotFound "Account not found: <id>".
  absl::StatusOr<storage::Account> Get(const std::string& id) const;
  // `page_token` from a previous listing ("" for the first page); `page_size` 0 means default.
  absl::StatusOr<AccountListing> List(const std::string& page_token, size_t page_size) const;
  // Partial update: only the fields given change.
  absl::StatusOr<storage::Account> Update(const std::string& id, std::optional<bool> active) const;
  absl::Status Delete(const std::string& id) const;
  // A new subscriber key replaces the old one.
  absl::StatusOr<std::string> RotateKey(const std::string& id) const;

 private:
  storage::AccountStore& accounts_;
  SubscriptionHub& hub_;
};

}  // namespace beacon::core
