#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace beacon::storage {

// How far the service-wide sequence number may have gone. The core reserves numbers in blocks
// and records each block's ceiling here before handing out its first number, so after a restart
// (or a crash) it continues above every number it ever handed out, without a disk write per
// event.
//
// Threading: thread-safe (RocksDB is), but Reserve() calls must be ordered by the caller.
// Lifetime: owned by Database; valid while the Database is.
class SequenceStore {
 public:
  SequenceStore(rocksdb::DB& db, rocksdb::ColumnFamilyHandle& family) : db_(db), family_(family) {}

  // The highest number reserved so far; 0 on a new database.
  absl::StatusOr<uint64_t> ReservedCeiling() const;
  // Durably (synced) records that numbers up to `ceiling` may be handed out.
  absl::Status Reserve(uint64_t ceiling);

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle& family_;
};

}  // namespace beacon::storage
