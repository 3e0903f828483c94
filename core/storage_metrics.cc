#include "core/storage_metrics.h"

#include <functional>
#include <memory>
#include <string>

namespace beacon::core {

void RegisterStorageMetrics(observability::MetricsRegistry& registry,
                            const storage::Database& database) {
  // Read by the scrape hook, then by the functions below, all under the registry's lock.
  auto stats = std::make_shared<storage::DatabaseStats>(database.Stats());
  registry.AddScrapeHook([stats, &database] { *stats = database.Stats(); });

  using Field = uint64_t storage::ColumnFamilyStats::*;
  const auto per_family = [&](const char* name, const char* help, Field field,
                              const observability::Labels& extra, bool counter) {
    for (size_t i = 0; i < stats->column_families.size(); ++i) {
      observability::Labels labels = {{"column_family", stats->column_families[i].name}};
      labels.insert(labels.end(), extra.begin(), extra.end());
      std::function<double()> read = [stats, i, field] {
        return static_cast<double>(stats->column_families[i].*field);
      };
      if (counter) {
        registry.AddCounterFunction(name, help, std::move(labels), std::move(read));
      } else {
        registry.AddGaugeFunction(name, help, std::move(labels), std::move(read));
      }
    }
  };
  per_family("beacon_storage_live_data_bytes", "RocksDB's estimate of the live data size.",
             &storage::ColumnFamilyStats::live_data_bytes, {}, false);
  per_family("beacon_storage_sst_files_bytes", "Size of all SST files on disk.",
             &storage::ColumnFamilyStats::sst_files_bytes, {}, false);
  per_family("beacon_storage_memtable_bytes", "Size of the memtables in memory.",
             &storage::ColumnFamilyStats::memtable_bytes, {}, false);
  const char* const stalls_help =
      "Writes RocksDB slowed down or stopped until a flush or compaction caught up.";
  per_family("beacon_storage_write_stalls_total", stalls_help,
             &storage::ColumnFamilyStats::write_slowdowns, {{"kind", "slowdown"}}, true);
  per_family("beacon_storage_write_stalls_total", stalls_help,
             &storage::ColumnFamilyStats::write_stops, {{"kind", "stop"}}, true);
  registry.AddGaugeFunction("beacon_storage_writes_stopped",
                            "1 while RocksDB stops writes (the event log cannot grow).", {},
                            [stats] { return stats->writes_stopped ? 1.0 : 0.0; });
  registry.AddGaugeFunction("beacon_storage_delayed_write_rate_bytes_per_second",
                            "Rate RocksDB holds writes to while slowing them down; 0: not.", {},
                            [stats] { return static_cast<double>(stats->delayed_write_rate); });
}

}  // namespace beacon::core
