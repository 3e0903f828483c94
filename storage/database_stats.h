#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace beacon::storage {

// RocksDB's own figures for one column family ("default" holds metadata, "accounts", "events").
struct ColumnFamilyStats {
  std::string name;
  uint64_t live_data_bytes =
      0;  // estimate of the data not yet garbage (rocksdb.estimate-live-data-size)
  uint64_t sst_files_bytes = 0;  // every SST file on disk (rocksdb.total-sst-files-size)
  uint64_t memtable_bytes = 0;   // memtables in memory (rocksdb.cur-size-all-mem-tables)
  // Write stalls since the database opened (rocksdb.cfstats io_stalls.*): writes slowed down,
  // and writes stopped until a flush or compaction caught up.
  uint64_t write_slowdowns = 0;
  uint64_t write_stops = 0;
};

struct DatabaseStats {
  std::vector<ColumnFamilyStats> column_families;
  bool writes_stopped = false;      // rocksdb.is-write-stopped, right now
  uint64_t delayed_write_rate = 0;  // bytes/s writes are held to while slowed down; 0: not
};

}  // namespace beacon::storage
