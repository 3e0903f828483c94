#pragma once

#include <cstddef>
#include <cstdint>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/event_log.h"

namespace beacon::core {

// Defaults: beacon-core's (--retention_max_events, --retention_max_age, --retention_interval).
struct RetentionPolicy {
  // Events whose seq is this much or more below the newest seq are deleted (newest 10, limit 3:
  // 8 to 10 stay); 0: no count limit. (seq has gaps after restarts, so at most this many events
  // are kept.)
  uint64_t max_events = 50000000;
  // The oldest events, up to the first one stamped within this much of now, are deleted (an
  // old-stamped event after a recent one, e.g. after the clock stepped back, stays until the
  // count limit takes it); zero: no age limit.
  absl::Duration max_age = absl::Hours(168);
  absl::Duration interval = absl::Seconds(10);  // how often the limits are applied
  size_t max_examined_per_round = 1000000;      // stored events one age check may read
};

// Deletes old events from the log in the background, every `interval`, with one range delete
// per round, so Track never waits for it. Readers see a deleted prefix as `truncated_before`.
//
// Threading: owns one thread (started only when a limit is set), which does all the work.
// Lifetime: `log` must outlive it; the destructor stops the thread.
class EventRetention {
 public:
  EventRetention(storage::EventLog& log, RetentionPolicy policy);
  ~EventRetention();
  EventRetention(const EventRetention&) = delete;
  EventRetention& operator=(const EventRetention&) = delete;

 private:
  void Run();
  absl::Status RunOnce();

  storage::EventLog& log_;
  const RetentionPolicy policy_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace beacon::core
