#include "storage/account_store.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"

namespace beacon::storage {
namespace {

constexpr char kAccountsFamily[] = "accounts";
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

absl::Status ToStatus(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<AccountStore>> AccountStore::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create data folder ", dir, ": ", ec.message()));
  }
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {kAccountsFamily, rocksdb::ColumnFamilyOptions()},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, dir, families, &handles, &raw_db);
  if (!s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot open database in ", dir, ": ", s.ToString()));
  }
  return std::unique_ptr<AccountStore>(
      new AccountStore(std::unique_ptr<rocksdb::DB>(raw_db), std::move(handles)));
}

AccountStore::AccountStore(std::unique_ptr<rocksdb::DB> db,
                           std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : db_(std::move(db)), default_family_(handles.at(0)), accounts_family_(handles.at(1)) {}

AccountStore::~AccountStore() {
  db_->DestroyColumnFamilyHandle(default_family_);
  db_->DestroyColumnFamilyHandle(accounts_family_);
  db_->Close();
}

absl::StatusOr<Account> AccountStore::Get(absl::string_view id) const {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), accounts_family_,
                                     rocksdb::Slice(id.data(), id.size()), &value);
  if (s.IsNotFound()) return absl::NotFoundError("Account not found");
  if (!s.ok()) return ToStatus(s, "reading account");
  return DecodeAccount(id, value);
}

absl::Status AccountStore::Put(const Account& account) {
  return ToStatus(
      db_->Put(rocksdb::WriteOptions(), accounts_family_, account.id, EncodeAccount(account)),
      "writing account");
}

absl::StatusOr<bool> AccountStore::InitializeOnce(const std::vector<Account>& accounts) {
  std::string marker;
  const rocksdb::Status found =
      db_->Get(rocksdb::ReadOptions(), default_family_, kInitializedKey, &marker);
  if (found.ok()) return false;
  if (!found.IsNotFound()) return ToStatus(found, "reading initialisation marker");

  rocksdb::WriteBatch batch;
  for (const Account& account : accounts) {
    batch.Put(accounts_family_, account.id, EncodeAccount(account));
  }
  batch.Put(default_family_, kInitializedKey, "1");
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (absl::Status s = ToStatus(db_->Write(sync, &batch), "seeding accounts"); !s.ok()) return s;
  return true;
}

}  // namespace beacon::storage
