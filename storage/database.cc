#include "storage/database.h"

#include <filesystem>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"

namespace beacon::storage {
namespace {

constexpr char kAccountsFamily[] = "accounts";
constexpr char kEventsFamily[] = "events";

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& dir,
                                                         const DatabaseOptions& database_options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create data folder ", dir, ": ", ec.message()));
  }
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  rocksdb::ColumnFamilyOptions events_options;
  events_options.write_buffer_size = database_options.events_write_buffer_bytes;
  events_options.max_write_buffer_number = 2;
  // The default family holds metadata (initialisation marker, sequence ceiling, retention mark).
  const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {kAccountsFamily, rocksdb::ColumnFamilyOptions()},
      {kEventsFamily, events_options},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, dir, families, &handles, &raw_db);
  if (!s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot open database in ", dir, ": ", s.ToString()));
  }
  return std::unique_ptr<Database>(new Database(std::unique_ptr<rocksdb::DB>(raw_db), handles));
}

Database::Database(std::unique_ptr<rocksdb::DB> db,
                   std::vector<rocksdb::ColumnFamilyHandle*> families)
    : db_(std::move(db)),
      families_(std::move(families)),
      accounts_(std::make_unique<AccountStore>(*db_, *families_.at(0), *families_.at(1))),
      sequence_(std::make_unique<SequenceStore>(*db_, *families_.at(0))),
      events_(std::make_unique<EventLog>(*db_, *families_.at(0), *families_.at(2))) {}

DatabaseStats Database::Stats() const {
  const auto int_property = [this](rocksdb::ColumnFamilyHandle* family, const std::string& name) {
    uint64_t value = 0;
    return db_->GetIntProperty(family, name, &value) ? value : 0;
  };
  const auto map_value = [](const std::map<std::string, std::string>& map, const char* key) {
    const auto found = map.find(key);
    uint64_t value = 0;
    if (found != map.end()) absl::SimpleAtoi(found->second, &value);
    return value;
  };
  DatabaseStats stats;
  for (rocksdb::ColumnFamilyHandle* family : families_) {
    ColumnFamilyStats cf;
    cf.name = family->GetName();
    cf.live_data_bytes = int_property(family, rocksdb::DB::Properties::kEstimateLiveDataSize);
    cf.sst_files_bytes = int_property(family, rocksdb::DB::Properties::kTotalSstFilesSize);
    cf.memtable_bytes = int_property(family, rocksdb::DB::Properties::kCurSizeAllMemTables);
    std::map<std::string, std::string> cfstats;
    if (db_->GetMapProperty(family, rocksdb::DB::Properties::kCFStats, &cfstats)) {
      cf.write_slowdowns = map_value(cfstats, "io_stalls.total_slowdown");
      cf.write_stops = map_value(cfstats, "io_stalls.total_stop");
    }
    stats.column_families.push_back(std::move(cf));
  }
  stats.writes_stopped =
      int_property(db_->DefaultColumnFamily(), rocksdb::DB::Properties::kIsWriteStopped) != 0;
  stats.delayed_write_rate =
      int_property(db_->DefaultColumnFamily(), rocksdb::DB::Properties::kActualDelayedWriteRate);
  return stats;
}

Database::~Database() {
  accounts_.reset();
  sequence_.reset();
  events_.reset();
  for (rocksdb::ColumnFamilyHandle* family : families_) db_->DestroyColumnFamilyHandle(family);
  db_->Close();
}

}  // namespace beacon::storage
