#include "core/event_committer.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "observability/log.h"

namespace beacon::core {

EventCommitter::EventCommitter(storage::EventLog& log, SeqAllocator& seqs, SubscriptionHub& hub,
                               CommitLimits limits)
    : log_(log),
      seqs_(seqs),
      hub_(hub),
      limits_(limits),
      commit_thread_([this] { RunCommits(); }),
      completion_thread_([this] { RunCompletions(); }) {}

EventCommitter::~EventCommitter() { Stop(); }

void EventCommitter::Submit(beacon::v1::Event event, Done done) {
  absl::Status refused;
  {
    absl::MutexLock lock(&mu_);
    const size_t bytes = event.data().size();
    if (stopping_) {
      refused = absl::UnavailableError("server shutting down");
    } else if (unfinished_events_ >= limits_.max_pending_events ||
               unfinished_bytes_ + bytes > limits_.max_pending_bytes) {
      refused = absl::ResourceExhaustedError(
          absl::StrCat("too many events waiting to be stored (limit ", limits_.max_pending_events,
                       " events, ", limits_.max_pending_bytes, " bytes); retry later"));
    } else {
      ++unfinished_events_;
      unfinished_bytes_ += bytes;
      pending_.push_back({std::move(event), std::move(done)});
      return;
    }
  }
  done(std::move(refused));
}

size_t EventCommitter::pending_events() const {
  absl::MutexLock lock(&mu_);
  return unfinished_events_;
}

void EventCommitter::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (commit_thread_.joinable()) commit_thread_.join();
  if (completion_thread_.joinable()) completion_thread_.join();
}

bool EventCommitter::HasPending() const { return !pending_.empty() || stopping_; }

bool EventCommitter::HasCommitted() const { return !committed_.empty() || commits_done_; }

void EventCommitter::RunCommits() {
  while (true) {
    std::vector<Pending> group;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &EventCommitter::HasPending));
      if (pending_.empty()) {  // stopping, and everything submitted is committed
        commits_done_ = true;
        return;
      }
      while (!pending_.empty() && group.size() < limits_.max_group_events) {
        group.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
    }
    Committed committed = Commit(std::move(group));
    absl::MutexLock lock(&mu_);
    committed_.push_back(std::move(committed));
  }
}

void EventCommitter::RunCompletions() {
  while (true) {
    Committed committed;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &EventCommitter::HasCommitted));
      if (committed_.empty()) return;  // the commit thread has exited and all is completed
      committed = std::move(committed_.front());
      committed_.pop_front();
    }
    for (size_t i = 0; i < committed.group.size(); ++i) {
      if (committed.status.ok()) {
        committed.group[i].done(committed.events[i]);
      } else {
        committed.group[i].done(committed.status);
      }
    }
    absl::MutexLock lock(&mu_);
    unfinished_events_ -= committed.group.size();
    unfinished_bytes_ -= committed.bytes;
  }
}

EventCommitter::Committed EventCommitter::Commit(std::vector<Pending> group) {
  Committed committed;
  committed.events.reserve(group.size());
  for (const Pending& pending : group) committed.bytes += pending.event.data().size();
  for (Pending& pending : group) {
    const absl::StatusOr<uint64_t> seq = seqs_.Next();
    if (!seq.ok()) {
      committed.status = seq.status();
      break;
    }
    pending.event.set_seq(*seq);
    committed.events.push_back(
        std::make_shared<const storage::StoredEvent>(std::move(pending.event)));
  }
  if (committed.status.ok()) committed.status = log_.Append(committed.events, limits_.sync_writes);
  // Published only once stored, so whatever a subscriber sees live is also in the log.
  if (committed.status.ok()) {
    hub_.Publish(committed.events);
  } else {
    // Every Track of the group fails with this status; the operator needs it once, with context.
    observability::LogError("storing events failed",
                            {{"events", group.size()}, {"error", committed.status.ToString()}});
  }
  committed.group = std::move(group);
  return committed;
}

}  // namespace beacon::core
