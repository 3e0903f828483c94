#include "storage/account_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "storage/status.h"

namespace beacon::storage {
namespace {

constexpr char kInitializedKey[] = "meta/initialized";

// Value layout: one format byte (kAccountFormat), then one byte 0/1 for `active`. The format byte
// lets later versions add fields without guessing.
constexpr char kAccountFormat = 1;

std::string EncodeAccount(const Account& account) {
  return std::string{kAccountFormat, account.active ? '\1' : '\0'};
}

absl::StatusOr<Account> DecodeAccount(absl::string_view id, const std::string& value) {
  if (value.size() != 2 || value[0] != kAccountFormat) {
    return absl::DataLossError(absl::StrCat("account record for '", id, "' is corrupt"));
  }
  return Account{std::string(id), value[1] == '\1'};
}

}  // namespace

absl::StatusOr<Account> AccountStore::Get(absl::string_view id) const {
  std::string value;
  const rocksdb::Status s =
      db_.Get(rocksdb::ReadOptions(), &accounts_, rocksdb::Slice(id.data(), id.size()), &value);
  if (s.IsNotFound()) return absl::NotFoundError("Account not found");
  if (!s.ok()) return ToStatus(s, "reading account");
  return DecodeAccount(id, value);
}

absl::Status AccountStore::Put(const Account& account) {
  return ToStatus(db_.Put(rocksdb::WriteOptions(), &accounts_, account.id, EncodeAccount(account)),
                  "writing account");
}

absl::StatusOr<bool> AccountStore::InitializeOnce(const std::vector<Account>& accounts) {
  std::string marker;
  const rocksdb::Status found = db_.Get(rocksdb::ReadOptions(), &meta_, kInitializedKey, &marker);
  if (found.ok()) return false;
  if (!found.IsNotFound()) return ToStatus(found, "reading initialisation marker");

  rocksdb::WriteBatch batch;
  for (const Account& account : accounts) {
    batch.Put(&accounts_, account.id, EncodeAccount(account));
  }
  batch.Put(&meta_, kInitializedKey, "1");
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (absl::Status s = ToStatus(db_.Write(sync, &batch), "seeding accounts"); !s.ok()) return s;
  return true;
}

}  // namespace beacon::storage
