#include "storage/sequence_store.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/status.h"

namespace beacon::storage {
namespace {

constexpr char kCeilingKey[] = "meta/seq_reserved_ceiling";

// Fixed-width big-endian, so the value reads the same on any machine.
std::string EncodeCeiling(uint64_t ceiling) {
  std::string bytes(8, '\0');
  for (int i = 7; i >= 0; --i, ceiling >>= 8) bytes[i] = static_cast<char>(ceiling & 0xFF);
  return bytes;
}

}  // namespace

absl::StatusOr<uint64_t> SequenceStore::ReservedCeiling() const {
  std::string value;
  const rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), &family_, kCeilingKey, &value);
  if (s.IsNotFound()) return 0;
  if (!s.ok()) return ToStatus(s, "reading the sequence ceiling");
  if (value.size() != 8) return absl::DataLossError("sequence ceiling record is corrupt");
  uint64_t ceiling = 0;
  for (const char byte : value) ceiling = (ceiling << 8) | static_cast<unsigned char>(byte);
  return ceiling;
}

absl::Status SequenceStore::Reserve(uint64_t ceiling) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return ToStatus(db_.Put(sync, &family_, kCeilingKey, EncodeCeiling(ceiling)),
                  "recording the sequence ceiling");
}

}  // namespace beacon::storage
