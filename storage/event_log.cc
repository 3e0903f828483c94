#include "storage/event_log.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/fixed64.h"
#include "storage/status.h"

namespace beacon::storage {
namespace {

constexpr char kDeletedThroughKey[] = "meta/events_deleted_through";

// Releases a RocksDB snapshot when it goes out of scope.
class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB& db) : db_(db), snapshot_(db.GetSnapshot()) {}
  ~ScopedSnapshot() { db_.ReleaseSnapshot(snapshot_); }
  ScopedSnapshot(const ScopedSnapshot&) = delete;
  ScopedSnapshot& operator=(const ScopedSnapshot&) = delete;
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB& db_;
  const rocksdb::Snapshot* const snapshot_;
};

absl::StatusOr<uint64_t> ReadDeletedThrough(rocksdb::DB& db, rocksdb::ColumnFamilyHandle& meta,
                                            const rocksdb::ReadOptions& options) {
  std::string value;
  const rocksdb::Status s = db.Get(options, &meta, kDeletedThroughKey, &value);
  if (s.IsNotFound()) return 0;
  if (!s.ok()) return ToStatus(s, "reading the retention mark");
  const std::optional<uint64_t> seq = DecodeFixed64(value);
  if (!seq.has_value()) return absl::DataLossError("retention mark record is corrupt");
  return *seq;
}

absl::StatusOr<uint64_t> DecodeSeq(const rocksdb::Slice& key) {
  const std::optional<uint64_t> seq = DecodeFixed64(absl::string_view(key.data(), key.size()));
  if (!seq.has_value()) return absl::DataLossError("event log holds a malformed key");
  return *seq;
}

absl::Status DecodeEvent(const rocksdb::Slice& value, uint64_t seq, beacon::v1::Event& event) {
  if (!event.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError(absl::StrCat("stored event ", seq, " is corrupt"));
  }
  return absl::OkStatus();
}

bool Matches(const std::vector<std::string>& account_ids, const std::string& account_id) {
  return account_ids.empty() ||
         std::binary_search(account_ids.begin(), account_ids.end(), account_id);
}

}  // namespace

absl::Status EventLog::Append(absl::Span<const std::shared_ptr<const StoredEvent>> events,
                              bool sync) {
  rocksdb::WriteBatch batch;
  for (const auto& event : events) {
    const rocksdb::Status s = batch.Put(&events_, EncodeFixed64(event->seq()), event->encoded());
    if (!s.ok()) return ToStatus(s, "preparing events for the log");
  }
  rocksdb::WriteOptions options;
  options.sync = sync;
  return ToStatus(db_.Write(options, &batch), "appending events to the log");
}

absl::StatusOr<EventPage> EventLog::Read(const EventQuery& query) const {
  // One snapshot for the retention mark and the events, so a concurrent DeleteThrough is seen
  // either completely or not at all.
  const ScopedSnapshot snapshot(db_);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.get();
  const absl::StatusOr<uint64_t> deleted_through = ReadDeletedThrough(db_, meta_, options);
  if (!deleted_through.ok()) return deleted_through.status();

  EventPage page;
  uint64_t start = query.after;
  if (*deleted_through > start) {
    page.truncated_before = *deleted_through + 1;
    start = *deleted_through;
  }
  page.last_examined = start;
  if (start >= query.until) {
    page.end = true;
    return page;
  }
  // Bounds keep the iterator away from the range-deleted prefix and past the range's end.
  const std::string lower = EncodeFixed64(start + 1);
  const rocksdb::Slice lower_slice(lower);
  options.iterate_lower_bound = &lower_slice;
  std::string upper;
  rocksdb::Slice upper_slice;
  if (query.until != std::numeric_limits<uint64_t>::max()) {
    upper = EncodeFixed64(query.until + 1);
    upper_slice = rocksdb::Slice(upper);
    options.iterate_upper_bound = &upper_slice;
  }
  const std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(options, &events_));
  size_t bytes = 0;
  size_t examined = 0;
  beacon::v1::Event event;
  for (it->Seek(lower_slice); it->Valid(); it->Next()) {
    if (examined == query.max_examined || page.events.size() == query.max_events) return page;
    const absl::StatusOr<uint64_t> seq = DecodeSeq(it->key());
    if (!seq.ok()) return seq.status();
    if (absl::Status s = DecodeEvent(it->value(), *seq, event); !s.ok()) return s;
    if (Matches(query.account_ids, event.account_id())) {
      if (!page.events.empty() && bytes + event.data().size() > query.max_bytes) return page;
      bytes += event.data().size();
      page.events.emplace_back(std::move(event), it->value().ToString());
      event.Clear();
    }
    ++examined;
    page.last_examined = *seq;
  }
  if (!it->status().ok()) return ToStatus(it->status(), "reading the event log");
  page.end = true;
  return page;
}

absl::StatusOr<uint64_t> EventLog::NewestSeq() const {
  const std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions(), &events_));
  it->SeekToLast();
  if (!it->Valid()) {
    if (!it->status().ok()) return ToStatus(it->status(), "reading the event log");
    return 0;
  }
  return DecodeSeq(it->key());
}

absl::StatusOr<uint64_t> EventLog::LastSeqBefore(int64_t unix_seconds, size_t max_examined) const {
  const absl::StatusOr<uint64_t> deleted_through = DeletedThrough();
  if (!deleted_through.ok()) return deleted_through.status();
  rocksdb::ReadOptions options;
  const std::string lower = EncodeFixed64(*deleted_through + 1);
  const rocksdb::Slice lower_slice(lower);
  options.iterate_lower_bound = &lower_slice;
  const std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(options, &events_));
  uint64_t last = *deleted_through;
  beacon::v1::Event event;
  size_t examined = 0;
  for (it->Seek(lower_slice); it->Valid() && examined < max_examined; it->Next(), ++examined) {
    const absl::StatusOr<uint64_t> seq = DecodeSeq(it->key());
    if (!seq.ok()) return seq.status();
    if (absl::Status s = DecodeEvent(it->value(), *seq, event); !s.ok()) return s;
    if (event.timestamp() >= unix_seconds) break;
    last = *seq;
  }
  if (!it->status().ok()) return ToStatus(it->status(), "reading the event log");
  return last;
}

absl::Status EventLog::DeleteThrough(uint64_t seq) {
  const absl::StatusOr<uint64_t> deleted_through = DeletedThrough();
  if (!deleted_through.ok()) return deleted_through.status();
  if (seq <= *deleted_through || seq == std::numeric_limits<uint64_t>::max()) {
    return absl::OkStatus();
  }
  rocksdb::WriteBatch batch;
  rocksdb::Status s =
      batch.DeleteRange(&events_, EncodeFixed64(*deleted_through + 1), EncodeFixed64(seq + 1));
  if (s.ok()) s = batch.Put(&meta_, kDeletedThroughKey, EncodeFixed64(seq));
  if (s.ok()) s = db_.Write(rocksdb::WriteOptions(), &batch);
  return ToStatus(s, absl::StrCat("deleting events through seq ", seq));
}

absl::StatusOr<uint64_t> EventLog::DeletedThrough() const {
  return ReadDeletedThrough(db_, meta_, rocksdb::ReadOptions());
}

}  // namespace beacon::storage
