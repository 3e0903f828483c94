#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace beacon::storage {

struct Account {
  std::string id;
  bool active = false;
  // Hash of the account's subscriber key (the key itself is never stored); empty: no key.
  std::string key_hash;

  bool operator==(const Account& other) const {
    return id == other.id && active == other.active && key_hash == other.key_hash;
  }
};

struct AccountPage {
  std::vector<Account> accounts;  // in id order
  bool more = false;              // accounts after the last one exist
};

// Accounts kept in the database (column family "accounts", key = account id).
//
// Threading: every method may be called from any number of threads at once. Reads go straight to
// RocksDB; changes that read before they write (Create, Update, Delete) are serialised by a
// mutex, so they are atomic with respect to each other. Lifetime: owned by Database; valid while
// the Database is.
class AccountStore {
 public:
  // `meta` holds the initialisation marker; `accounts` the accounts.
  AccountStore(rocksdb::DB& db, rocksdb::ColumnFamilyHandle& meta,
               rocksdb::ColumnFamilyHandle& accounts)
      : db_(db), meta_(meta), accounts_(accounts) {}

  // NotFound "Account not found" when there is no such account.
  absl::StatusOr<Account> Get(absl::string_view id) const;
  // Stores `account`, replacing any account with its id.
  absl::Status Put(const Account& account);
  // AlreadyExists "Account already exists: <id>" when the id is taken.
  absl::Status Create(const Account& account);
  // Applies `change` to the stored account and stores the result (the id cannot change);
  // NotFound when missing. Returns the account as stored.
  absl::StatusOr<Account> Update(absl::string_view id, const std::function<void(Account&)>& change);
  // NotFound when missing.
  absl::Status Delete(absl::string_view id);
  // Up to `limit` accounts with ids after `after` (all from the first when empty).
  absl::StatusOr<AccountPage> List(absl::string_view after, size_t limit) const;
  // On a database that has never been initialised, stores `accounts` and marks it initialised,
  // in one atomic write; on any other database does nothing, so restarts never overwrite
  // changes made since. Returns whether it seeded.
  absl::StatusOr<bool> InitializeOnce(const std::vector<Account>& accounts);

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle& meta_;
  rocksdb::ColumnFamilyHandle& accounts_;
  absl::Mutex write_mu_;  // serialises read-then-write changes
};

}  // namespace beacon::storage
