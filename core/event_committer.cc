#include "core/event_committer.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace beacon::core {

EventCommitter::EventCommitter(storage::EventLog& log, SeqAllocator& seqs, SubscriptionHub& hub,
                               CommitLimits limits)
    : log_(log), seqs_(seqs), hub_(hub), limits_(limits), thread_([this] { Run(); }) {}

EventCommitter::~EventCommitter() { Stop(); }

void EventCommitter::Submit(beacon::v1::Event event, Done done) {
  absl::Status refused;
  {
    absl::MutexLock lock(&mu_);
    const size_t bytes = event.data().size();
    if (stopping_) {
      refused = absl::UnavailableError("server shutting down");
    } else if (pending_.size() >= limits_.max_pending_events ||
               pending_bytes_ + bytes > limits_.max_pending_bytes) {
      refused = absl::ResourceExhaustedError(
          absl::StrCat("too many events waiting to be stored (limit ", limits_.max_pending_events,
                       " events, ", limits_.max_pending_bytes, " bytes); retry later"));
    } else {
      pending_bytes_ += bytes;
      pending_.push_back({std::move(event), std::move(done)});
      return;
    }
  }
  done(std::move(refused));
}

void EventCommitter::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool EventCommitter::HasWork() const { return !pending_.empty() || stopping_; }

void EventCommitter::Run() {
  while (true) {
    std::vector<Pending> group;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &EventCommitter::HasWork));
      if (pending_.empty()) return;  // stopping, and everything submitted is committed
      while (!pending_.empty() && group.size() < limits_.max_group_events) {
        pending_bytes_ -= pending_.front().event.data().size();
        group.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
    }
    Commit(std::move(group));
  }
}

void EventCommitter::Commit(std::vector<Pending> group) {
  std::vector<EventPtr> events;
  events.reserve(group.size());
  absl::Status status;
  for (Pending& pending : group) {
    const absl::StatusOr<uint64_t> seq = seqs_.Next();
    if (!seq.ok()) {
      status = seq.status();
      break;
    }
    pending.event.set_seq(*seq);
    events.push_back(std::make_shared<const beacon::v1::Event>(std::move(pending.event)));
  }
  if (status.ok()) status = log_.Append(events, limits_.sync_writes);
  // Published only once stored, so whatever a subscriber sees live is also in the log.
  if (status.ok()) hub_.Publish(events);
  for (size_t i = 0; i < group.size(); ++i) {
    if (status.ok()) {
      group[i].done(events[i]);
    } else {
      group[i].done(status);
    }
  }
}

}  // namespace beacon::core
