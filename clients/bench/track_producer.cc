#include "clients/bench/track_producer.h"

#include <thread>

#include "clients/bench/payload.h"
#include "clients/bench/steady_nanos.h"

namespace beacon::bench {

namespace {
constexpr int64_t kLateNanos = 10'000'000;
}  // namespace

TrackProducer::TrackProducer(TrackPublisher& publisher, TrackProducerOptions options)
    : publisher_(publisher), options_(std::move(options)) {}

TrackProducerResult TrackProducer::Run() {
  const int64_t start = SteadyNanos();
  const int64_t end = start + absl::ToInt64Nanoseconds(options_.duration);
  const double interval_ns = options_.rate ? 1e9 / *options_.rate : 0;
  int64_t last_send = start;
  for (uint64_t id = 0;; ++id) {
    int64_t now = SteadyNanos();
    if (options_.rate) {
      const int64_t due = start + static_cast<int64_t>(static_cast<double>(id) * interval_ns);
      if (due >= end) break;
      if (due > now) {
        std::this_thread::sleep_for(std::chrono::nanoseconds(due - now));
        now = SteadyNanos();
      }
      if (now - due > kLateNanos) {
        absl::MutexLock lock(&mutex_);
        ++result_.late_sends;
      }
    } else {
      while (options_.may_send && !options_.may_send(id) && now < end) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        now = SteadyNanos();
      }
      if (now >= end) break;
    }
    {
      absl::MutexLock lock(&mutex_);
      auto has_room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return in_flight_ < options_.max_in_flight;
      };
      mutex_.Await(absl::Condition(&has_room));
      ++in_flight_;
      result_.accepted_ids.push_back(false);
    }
    const int64_t start_ns = SteadyNanos();
    last_send = start_ns;
    sent_.fetch_add(1, std::memory_order_relaxed);
    publisher_.Publish(
        MakePayload(options_.run_tag, id, start_ns, options_.payload_bytes),
        [this, id, start_ns](const std::string& error) { Finish(id, start_ns, error); });
  }
  absl::MutexLock lock(&mutex_);
  auto drained = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return in_flight_ == 0; };
  mutex_.Await(absl::Condition(&drained));
  result_.sent = sent();
  result_.send_seconds = static_cast<double>(last_send - start) / 1e9;
  return std::move(result_);
}

void TrackProducer::Finish(uint64_t id, int64_t start_ns, const std::string& error) {
  const int64_t latency = SteadyNanos() - start_ns;
  absl::MutexLock lock(&mutex_);
  --in_flight_;
  if (!error.empty()) {
    ++result_.errors[error];
  } else {
    ++result_.accepted;
    result_.accepted_ids[id] = true;
    result_.track_latency.Record(latency);
  }
}

}  // namespace beacon::bench
