#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "beacon/v1/tracking.pb.h"
#include "storage/stored_event.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace beacon::storage {

// Which stored events a read wants, and how much one read may return or examine.
struct EventQuery {
  uint64_t after = 0;                                     // seq > after
  uint64_t until = std::numeric_limits<uint64_t>::max();  // seq <= until
  std::vector<std::string> account_ids;                   // sorted; empty = every account
  size_t max_events = 256;
  size_t max_bytes = 64 << 10;  // data bytes; the first matching event is returned regardless
  size_t max_examined = 10000;  // stored events looked at, matching or not
};

struct EventPage {
  std::vector<StoredEvent> events;  // in seq order
  // Where the read stopped: every stored event with seq <= last_examined (and > the query's
  // `after`) has been looked at. Continue with after = last_examined.
  uint64_t last_examined = 0;
  // No stored event is left in the queried range (the range or the log has been read to its end).
  bool end = false;
  // Non-zero: events of the range with seq below this were deleted by retention (the read
  // started at the oldest kept event instead).
  uint64_t truncated_before = 0;
};

// The durable log of accepted events (column family "events", key = seq as big-endian 8 bytes,
// value = the serialized beacon.v1.Event, i.e. StoredEvent::encoded()). Appends are acknowledged
// once they are in RocksDB's write-ahead log: they survive a crash of the process, and with `sync`
// a crash of the machine. Retention deletes a prefix of the log with one range delete and records
// how far it went
// ("deleted through"), so reads can say that events were lost to retention.
//
// Threading: Read, NewestSeq, LastSeqBefore and DeletedThrough may be called from any thread at
// any time. Append must be called by one thread at a time, with ascending seqs; DeleteThrough
// by one thread at a time. Lifetime: owned by Database; valid while the Database is.
class EventLog {
 public:
  EventLog(rocksdb::DB& db, rocksdb::ColumnFamilyHandle& meta, rocksdb::ColumnFamilyHandle& events)
      : db_(db), meta_(meta), events_(events) {}

  // Stores `events` (seq set, ascending, above every stored seq) in one atomic write.
  absl::Status Append(absl::Span<const std::shared_ptr<const StoredEvent>> events, bool sync);
  absl::StatusOr<EventPage> Read(const EventQuery& query) const;
  // The highest stored seq; 0 when the log is empty.
  absl::StatusOr<uint64_t> NewestSeq() const;
  // The highest seq of the leading run of events stamped before `unix_seconds`, looking at most
  // at `max_examined` events; DeletedThrough() when there is none.
  absl::StatusOr<uint64_t> LastSeqBefore(int64_t unix_seconds, size_t max_examined) const;

  // Deletes every event with seq <= `seq` and records it; no-op when already deleted that far.
  absl::Status DeleteThrough(uint64_t seq);
  // The highest seq retention has deleted through; 0 when it never deleted anything.
  absl::StatusOr<uint64_t> DeletedThrough() const;

 private:
  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle& meta_;
  rocksdb::ColumnFamilyHandle& events_;
};

}  // namespace beacon::storage
