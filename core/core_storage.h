#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/core_config.h"
#include "core/seq_allocator.h"
#include "storage/account_store.h"
#include "storage/database.h"
#include "storage/event_log.h"

namespace beacon::core {

// The accounts a new database starts with (those of the original design).
struct SeedAccount {
  absl::string_view id;
  bool active;
};
inline constexpr SeedAccount kSeedAccounts[] = {{"celtra", true}, {"test", false}};

// The storage backend beacon-core runs on, chosen and built in this one place (OpenCoreStorage).
// The components use only `accounts`, `events` and `seqs`; CoreServer also reads RocksDB's
// figures from `database` for /metrics. Today the backend is RocksDB (storage::Database). A NATS
// JetStream backend is planned: it plugs in here, behind interfaces for these stores.
//
// Threading: see each store. Lifetime: `database` owns what `accounts` and `events` point to, and
// `seqs` writes to it; none may be used once `database` is reset.
struct CoreStorage {
  std::unique_ptr<storage::Database> database;
  storage::AccountStore* accounts = nullptr;
  storage::EventLog* events = nullptr;
  std::unique_ptr<SeqAllocator> seqs;
  // The newest seq stored or deleted by retention: subscribers may resume from anything up to it.
  uint64_t last_seq = 0;
  bool seeded = false;  // the database was new and now holds kSeedAccounts
};

// Opens the database in config.data_dir (created if missing), seeds a new one with
// kSeedAccounts and starts numbering above every seq reserved before. Errors: the storage's.
absl::StatusOr<CoreStorage> OpenCoreStorage(const CoreConfig& config);

// kSeedAccounts for the log line of a new database: "celtra (active) and test".
std::string DescribeSeedAccounts();

}  // namespace beacon::core
