#include "storage/sequence_store.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/fixed64.h"
#include "storage/status.h"

namespace beacon::storage {
namespace {

constexpr char kCeilingKey[] = "meta/seq_reserved_ceiling";

}  // namespace

absl::StatusOr<uint64_t> SequenceStore::ReservedCeiling() const {
  std::string value;
  const rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), &family_, kCeilingKey, &value);
  if (s.IsNotFound()) return 0;
  if (!s.ok()) return ToStatus(s, "reading the sequence ceiling");
  const std::optional<uint64_t> ceiling = DecodeFixed64(value);
  if (!ceiling.has_value()) return absl::DataLossError("sequence ceiling record is corrupt");
  return *ceiling;
}

absl::Status SequenceStore::Reserve(uint64_t ceiling) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return ToStatus(db_.Put(sync, &family_, kCeilingKey, EncodeFixed64(ceiling)),
                  "recording the sequence ceiling");
}

}  // namespace beacon::storage
