#include "storage/account_store.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "storage/status.h"

namespace beacon::storage {
namespace {

constexpr char kInitializedKey[] = "meta/initialized";

// Value layout: one format byte, then one byte 0/1 for `active`; format 2 appends the key hash.
// The format byte lets later versions add fields without guessing; format 1 records (written
// before subscriber keys existed) still read as accounts without a key.
constexpr char kFormatWithoutKey = 1;
constexpr char kFormatWithKey = 2;

std::string EncodeAccount(const Account& account) {
  std::string value{kFormatWithKey, account.active ? '\1' : '\0'};
  value += account.key_hash;
  return value;
}

absl::StatusOr<Account> DecodeAccount(absl::string_view id, absl::string_view value) {
  const bool valid = (value.size() == 2 && value[0] == kFormatWithoutKey) ||
                     (value.size() >= 2 && value[0] == kFormatWithKey);
  if (!valid) return absl::DataLossError(absl::StrCat("account record for '", id, "' is corrupt"));
  return Account{std::string(id), value[1] == '\1', std::string(value.substr(2))};
}

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

absl::Status NotFound() { return absl::NotFoundError("Account not found"); }

}  // namespace

absl::StatusOr<Account> AccountStore::Get(absl::string_view id) const {
  std::string value;
  const rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), &accounts_, ToSlice(id), &value);
  if (s.IsNotFound()) return NotFound();
  if (!s.ok()) return ToStatus(s, "reading account");
  return DecodeAccount(id, value);
}

absl::Status AccountStore::Put(const Account& account) {
  return ToStatus(db_.Put(rocksdb::WriteOptions(), &accounts_, account.id, EncodeAccount(account)),
                  "writing account");
}

absl::Status AccountStore::Create(const Account& account) {
  absl::MutexLock lock(&write_mu_);
  const absl::StatusOr<Account> existing = Get(account.id);
  if (existing.ok()) {
    return absl::AlreadyExistsError(absl::StrCat("Account already exists: ", account.id));
  }
  if (!absl::IsNotFound(existing.status())) return existing.status();
  return Put(account);
}

absl::StatusOr<Account> AccountStore::Update(absl::string_view id,
                                             const std::function<void(Account&)>& change) {
  absl::MutexLock lock(&write_mu_);
  absl::StatusOr<Account> account = Get(id);
  if (!account.ok()) return account.status();
  change(*account);
  account->id = std::string(id);
  if (absl::Status s = Put(*account); !s.ok()) return s;
  return account;
}

absl::Status AccountStore::Delete(absl::string_view id) {
  absl::MutexLock lock(&write_mu_);
  if (absl::Status s = Get(id).status(); !s.ok()) return s;
  return ToStatus(db_.Delete(rocksdb::WriteOptions(), &accounts_, ToSlice(id)), "deleting account");
}

absl::StatusOr<AccountPage> AccountStore::List(absl::string_view after, size_t limit) const {
  AccountPage page;
  const std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions(), &accounts_));
  it->Seek(ToSlice(after));
  if (it->Valid() && it->key() == ToSlice(after)) it->Next();
  for (; it->Valid(); it->Next()) {
    if (page.accounts.size() == limit) {
      page.more = true;
      break;
    }
    const absl::string_view id(it->key().data(), it->key().size());
    absl::StatusOr<Account> account =
        DecodeAccount(id, absl::string_view(it->value().data(), it->value().size()));
    if (!account.ok()) return account.status();
    page.accounts.push_back(*std::move(account));
  }
  if (!it->status().ok()) return ToStatus(it->status(), "listing accounts");
  return page;
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
