#pragma once

#include <array>
#include <cstddef>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "observability/metrics_registry.h"

namespace beacon::core {

// The core's counters of what its RPCs did, registered in the process's MetricsRegistry:
//   beacon_core_events_tracked_total, beacon_core_events_rejected_total{reason},
//   beacon_core_track_duration_seconds, beacon_core_event_bytes_received_total,
//   beacon_core_subscriptions_started_total, beacon_core_subscriptions_ended_total{reason},
//   beacon_core_events_delivered_total, beacon_core_event_bytes_delivered_total,
//   beacon_core_stream_messages_total.
// Values owned elsewhere (open subscriptions, RocksDB) are registered as functions by
// RegisterStateMetrics and RegisterStorageMetrics.
//
// Threading: every method may be called from any thread (relaxed atomics, no lock).
// Lifetime: the registry must outlive it.
class CoreMetrics {
 public:
  explicit CoreMetrics(observability::MetricsRegistry& registry);

  // A Track call answered with `status` after `took`; `data_bytes` counted only when stored.
  void TrackAnswered(const absl::Status& status, size_t data_bytes, absl::Duration took) const;
  void SubscriptionStarted() const { subscriptions_started_.Increment(); }
  // A Subscribe stream that had started ended with `status`.
  void SubscriptionEnded(const absl::Status& status) const;
  // One Subscribe stream message carrying `events` events of `data_bytes` data bytes.
  void Delivered(size_t events, size_t data_bytes) const {
    stream_messages_.Increment();
    events_delivered_.Increment(events);
    event_bytes_delivered_.Increment(data_bytes);
  }

  static constexpr size_t kCodes = 17;  // absl::StatusCode 0..16

 private:
  observability::Counter& events_tracked_;
  observability::Counter& event_bytes_received_;
  observability::Histogram& track_duration_;
  std::array<observability::Counter*, kCodes> rejected_by_code_;
  observability::Counter& subscriptions_started_;
  std::array<observability::Counter*, kCodes> ended_by_code_;
  observability::Counter& events_delivered_;
  observability::Counter& event_bytes_delivered_;
  observability::Counter& stream_messages_;
};

}  // namespace beacon::core
