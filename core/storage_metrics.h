#pragma once

#include "observability/metrics_registry.h"
#include "storage/database.h"

namespace beacon::core {

// Registers RocksDB's size and write-stall figures, read once per scrape:
//   beacon_storage_live_data_bytes{column_family}, beacon_storage_sst_files_bytes{column_family},
//   beacon_storage_memtable_bytes{column_family},
//   beacon_storage_write_stalls_total{column_family,kind="slowdown"|"stop"},
//   beacon_storage_writes_stopped, beacon_storage_delayed_write_rate_bytes_per_second.
// Lifetime: `database` must outlive every scrape of `registry` (stop the admin server first).
void RegisterStorageMetrics(observability::MetricsRegistry& registry,
                            const storage::Database& database);

}  // namespace beacon::core
