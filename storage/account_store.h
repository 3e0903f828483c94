#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace beacon::storage {

struct Account {
  std::string id;
  bool active = false;

  bool operator==(const Account& other) const { return id == other.id && active == other.active; }
};

// Accounts kept in the database (column family "accounts", key = account id).
//
// Threading: every method may be called from any number of threads at once (RocksDB's DB is
// thread-safe and this class keeps no other mutable state). Lifetime: owned by Database; valid
// while the Database is.
class AccountStore {
 public:
  // `meta` holds the initialisation marker; `accounts` the accounts.
  AccountStore(rocksdb::DB& db, rocksdb::ColumnFamilyHandle& meta,
               rocksdb::ColumnFamilyHandle& accounts)
      : db_(db), meta_(meta), accounts_(accounts) {}

  // NotFound "Account not found" when there is no such account.
  absl::StatusOr<Account> Get(absl::string_view id) const;
  absl::Status Put(const Account& account);
  // On a database that has never been initialised, stores `accounts` and marks it initialised,
  // in one atomic write; on any other database does nothing, so restarts never overwrite
  // changes made since. Returns whether it seeded.
  absl::StatusOr<bool> InitializeOnce(const std::vector<Account>& accounts);

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle& meta_;
  rocksdb::ColumnFamilyHandle& accounts_;
};

}  // namespace beacon::storage
