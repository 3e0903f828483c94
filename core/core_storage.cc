#include "core/core_storage.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace beacon::core {

absl::StatusOr<CoreStorage> OpenCoreStorage(const CoreConfig& config) {
  CoreStorage opened;
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      storage::Database::Open(config.data_dir, config.database);
  if (!database.ok()) return database.status();
  opened.database = *std::move(database);
  opened.accounts = &opened.database->accounts();
  opened.events = &opened.database->events();

  std::vector<storage::Account> seed;
  for (const SeedAccount& account : kSeedAccounts) {
    seed.push_back({std::string(account.id), account.active, /*key_hash=*/""});
  }
  const absl::StatusOr<bool> seeded = opened.accounts->InitializeOnce(seed);
  if (!seeded.ok()) return seeded.status();
  opened.seeded = *seeded;

  absl::StatusOr<std::unique_ptr<SeqAllocator>> seqs =
      SeqAllocator::Create(opened.database->sequence(), config.seq_reserve_block);
  if (!seqs.ok()) return seqs.status();
  opened.seqs = *std::move(seqs);

  const absl::StatusOr<uint64_t> newest = opened.events->NewestSeq();
  if (!newest.ok()) return newest.status();
  const absl::StatusOr<uint64_t> deleted_through = opened.events->DeletedThrough();
  if (!deleted_through.ok()) return deleted_through.status();
  opened.last_seq = std::max(*newest, *deleted_through);
  return opened;
}

std::string DescribeSeedAccounts() {
  std::vector<std::string> described;
  for (const SeedAccount& account : kSeedAccounts) {
    described.push_back(absl::StrCat(account.id, account.active ? " (active)" : ""));
  }
  return absl::StrJoin(described, " and ");
}

}  // namespace beacon::core
