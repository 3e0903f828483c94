#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/bench/latency_recorder.h"
#include "clients/bench/track_publisher.h"

namespace beacon::bench {

struct TrackProducerOptions {
  std::optional<double> rate;  // Events per second in total; nullopt means as fast as possible.
  absl::Duration duration = absl::Seconds(10);
  size_t payload_bytes = 100;
  std::string run_tag;
  int max_in_flight = 64;  // Publishes outstanding at once.
  // Asked before every send when rate is nullopt, with the number sent so far; while it says
  // false the producer waits (e.g. until subscribers caught up). Empty means always true.
  std::function<bool(uint64_t sent)> may_send;
};

struct TrackProducerResult {
  uint64_t sent = 0;
  uint64_t accepted = 0;
  std::vector<bool> accepted_ids;  // accepted_ids[id]: event `id` was accepted.
  std::map<std::string, uint64_t> errors;
  LatencyRecorder track_latency;  // From the send to the publisher's answer (Track or POST).
  double send_seconds = 0;        // From the first send to the last.
  uint64_t late_sends = 0;        // Paced sends issued more than 10 ms behind schedule.
};

// Publishes events with ids 0, 1, 2, ... through a TrackPublisher (gRPC Track or REST POST),
// paced at a fixed total rate or as fast as `max_in_flight` and `may_send` allow, each stamped
// by MakePayload().
//
// Threading: Run() is called from one thread and issues the publishes; their answers arrive on
// the publisher's threads and update the state under `mutex_`. sent() may be read from any
// thread; may_send is called on the Run() thread. Lifetime: the publisher must outlive the
// producer; Run() returns only after every publish has been answered.
class TrackProducer {
 public:
  TrackProducer(TrackPublisher& publisher, TrackProducerOptions options);

  TrackProducerResult Run();
  uint64_t sent() const { return sent_.load(std::memory_order_relaxed); }

 private:
  void Finish(uint64_t id, int64_t start_ns, const std::string& error);

  TrackPublisher& publisher_;
  const TrackProducerOptions options_;
  std::atomic<uint64_t> sent_{0};
  absl::Mutex mutex_;
  int in_flight_ ABSL_GUARDED_BY(mutex_) = 0;
  TrackProducerResult result_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace beacon::bench
