#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

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
  size_t max_pending_events = 65536;    // accepted events not yet answered
  size_t max_pending_bytes = 64 << 20;  // their data bytes
  size_t max_group_events = 1024;       // events stored in one RocksDB write
  bool sync_writes = false;             // fsync every write (survives a machine crash)
};

// Commits accepted events: numbers them, stores them in the event log and only then publishes
// them to the hub, in seq order. Events submitted concurrently are stored together (group
// commit): while one write is in progress the next events queue up and go in the following
// write, so throughput does not fall to one disk write per event.
//
// Two internal threads form a pipeline: the commit thread numbers, stores and publishes a group;
// the completion thread runs the group's Done callbacks (answering a gRPC call writes to the
// socket from the calling thread, which measured as the larger half of the per-event cost)
// while the commit thread already stores the next group.
//
// Backpressure: at most max_pending_events / max_pending_bytes are submitted and not yet
// completed; beyond that Submit() completes at once with RESOURCE_EXHAUSTED and nothing is
// stored.
//
// Threading: Submit() may be called from any thread. Completions run on the completion thread
// (they must not block) or, for refusals, inline in Submit(). Lifetime: `log`, `seqs` and `hub`
// must outlive it; the destructor stops it (see Stop()).
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
  // Events submitted and not yet completed (what max_pending_events bounds).
  size_t pending_events() const;
  // Commits and completes everything already submitted, then refuses new events with
  // UNAVAILABLE and joins the threads. Idempotent.
  void Stop();

 private:
  struct Pending {
    beacon::v1::Event event;
    Done done;
  };
  // A stored (or failed) group waiting for its callbacks.
  struct Committed {
    std::vector<Pending> group;    // each event moved out into `events` once numbered
    std::vector<EventPtr> events;  // as stored; not used when `status` is an error
    absl::Status status;
    size_t bytes = 0;  // data bytes of the group, as counted by Submit()
  };

  bool HasPending() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool HasCommitted() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RunCommits();
  void RunCompletions();
  Committed Commit(std::vector<Pending> group);

  storage::EventLog& log_;
  SeqAllocator& seqs_;  // used only by the commit thread
  SubscriptionHub& hub_;
  const CommitLimits limits_;

  mutable absl::Mutex mu_;
  std::deque<Pending> pending_ ABSL_GUARDED_BY(mu_);
  std::deque<Committed> committed_ ABSL_GUARDED_BY(mu_);
  // Submitted and not yet completed: what the limits bound.
  size_t unfinished_events_ ABSL_GUARDED_BY(mu_) = 0;
  size_t unfinished_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool commits_done_ ABSL_GUARDED_BY(mu_) = false;  // the commit thread has exited
  std::thread commit_thread_;
  std::thread completion_thread_;
};

}  // namespace beacon::core
