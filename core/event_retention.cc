#include "core/event_retention.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "absl/time/clock.h"
#include "observability/log.h"

namespace beacon::core {

EventRetention::EventRetention(storage::EventLog& log, RetentionPolicy policy)
    : log_(log), policy_(policy) {
  if (policy_.max_events != 0 || policy_.max_age > absl::ZeroDuration()) {
    thread_ = std::thread([this] { Run(); });
  }
}

EventRetention::~EventRetention() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

absl::Status EventRetention::RunOnce() {
  uint64_t delete_through = 0;
  if (policy_.max_events != 0) {
    const absl::StatusOr<uint64_t> newest = log_.NewestSeq();
    if (!newest.ok()) return newest.status();
    if (*newest > policy_.max_events) delete_through = *newest - policy_.max_events;
  }
  if (policy_.max_age > absl::ZeroDuration()) {
    const absl::StatusOr<uint64_t> old = log_.LastSeqBefore(
        absl::ToUnixSeconds(absl::Now() - policy_.max_age), policy_.max_examined_per_round);
    if (!old.ok()) return old.status();
    delete_through = std::max(delete_through, *old);
  }
  if (delete_through == 0) return absl::OkStatus();
  return log_.DeleteThrough(delete_through);
}

void EventRetention::Run() {
  std::string last_error;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), policy_.interval)) return;
    }
    const absl::Status status = RunOnce();
    // One line per distinct failure, not one per round.
    if (!status.ok() && status.ToString() != last_error) {
      last_error = status.ToString();
      observability::LogError("retention failed", {{"error", last_error}});
    } else if (status.ok()) {
      last_error.clear();
    }
  }
}

}  // namespace beacon::core
