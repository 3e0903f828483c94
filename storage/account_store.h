#pragma once

#include <memory>
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

// Accounts kept in a RocksDB database (column family "accounts", key = account id).
//
// Threading: every method may be called from any number of threads at once (RocksDB's DB is
// thread-safe and this class keeps no other mutable state). Lifetime: the database stays open
// until the store is destroyed; destroy it only after every caller is done.
class AccountStore {
 public:
  // Opens the database in `dir`, creating the folder and the database if missing.
  static absl::StatusOr<std::unique_ptr<AccountStore>> Open(const std::string& dir);
  ~AccountStore();
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  // NotFound when there is no such account.
  absl::StatusOr<Account> Get(absl::string_view id) const;
  absl::Status Put(const Account& account);
  // On a database that has never been initialised, stores `accounts` and marks it initialised,
  // in one atomic write; on any other database does nothing, so restarts never overwrite
  // changes made since. Returns whether it seeded.
  absl::StatusOr<bool> InitializeOnce(const std::vector<Account>& accounts);

 private:
  AccountStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles);

  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* default_family_;   // holds the initialisation marker
  rocksdb::ColumnFamilyHandle* accounts_family_;  // owned by db_, released in the destructor
};

}  // namespace beacon::storage
