#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/account_store.h"
#include "storage/database_stats.h"
#include "storage/event_log.h"
#include "storage/sequence_store.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace beacon::storage {

struct DatabaseOptions {
  // RocksDB memtable size of the event log; at most two are in memory (one being flushed).
  size_t events_write_buffer_bytes = 16 << 20;
};

// Beacon's RocksDB database: opens it and hands out the stores kept in it.
//
// Threading: the stores may be used from any number of threads (see each store). Lifetime: the
// database closes when this object is destroyed; the stores must not be used after that.
class Database {
 public:
  // Opens the database in `dir`, creating the folder and the database if missing.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const std::string& dir,
                                                        const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  AccountStore& accounts() { return *accounts_; }
  SequenceStore& sequence() { return *sequence_; }
  EventLog& events() { return *events_; }

  // RocksDB's size and stall figures, read now (a few property lookups per column family).
  DatabaseStats Stats() const;

 private:
  Database(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> families);

  std::unique_ptr<rocksdb::DB> db_;
  const std::vector<rocksdb::ColumnFamilyHandle*> families_;  // released in the destructor
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<SequenceStore> sequence_;
  std::unique_ptr<EventLog> events_;
};

}  // namespace beacon::storage
