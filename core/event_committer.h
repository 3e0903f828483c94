#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "beacon/v1/tracking.pb.h"
#include "core/event.h"
#include "core/seq_allocator.h"
#include "core/subscription_hub.h"
#include "storage/event_log.h"

namespace beacon::core {

struct CommitLimits {
  size_t max_pending_events = 65536;    // accepted events waiting to be stored
  size_t max_pending_bytes = 64 << 20;  // their data bytes
  size_t max_group_events = 1024;       // events stored in one RocksDB write
  bool sync_writes = false;             // fsync every write (survives a machine crash)
};

// Commits accepted events: numbers them, stores them in the event log and only then publishes
// them to the hub, in seq order. Events submitted concurrently are stored together (group
// commit): while one write is in progress the next events queue up and go in the following
// write, so throughput does not fall to one disk write per event.
//
// Backpressure: at most max_pending_events / max_pending_bytes wait; beyond that Submit()
// completes at once with RESOURCE_EXHAUSTED and nothing is stored.
//
// Threading: Submit() may be called from any thread. One internal thread numbers, stores and
// publishes; completions run on it (they must not block) or, for refusals, inline in Submit().
// Lifetime: `log`, `seqs` and `hub` must outlive it; the destructor stops it (see Stop()).
class EventCommitter {
 public:
  // Called exactly once per submitted event: with the stored event, or why it was not stored.
  using Done = std::function<void(absl::StatusOr<EventPtr>)>;

  EventCommitter(storage::EventLog& log, SeqAllocator& seqs, SubscriptionHub& hub,
                 CommitLimits limits);
  ~EventCommitter();
  EventCommitter(const EventCommitter&) = delete;
  EventCommitter& operator=(const EventCommitter&) = delete;

  // `event` has its account, timestamp and data set; its seq is assigned here.
  void Submit(beacon::v1::Event event, Done done);
  // Commits everything already submitted, then refuses new events with UNAVAILABLE and joins the
  // thread. Idempotent.
  void Stop();

 private:
  struct Pending {
    beacon::v1::Event event;
    Done done;
  };

  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Run();
  void Commit(std::vector<Pending> group);

  storage::EventLog& log_;
  SeqAllocator& seqs_;  // used only by the commit thread
  SubscriptionHub& hub_;
  const CommitLimits limits_;

  mutable absl::Mutex mu_;
  std::deque<Pending> pending_ ABSL_GUARDED_BY(mu_);
  size_t pending_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace beacon::core
