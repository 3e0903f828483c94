#include "core/core_metrics.h"

namespace beacon::core {
namespace {

using observability::MetricsRegistry;

constexpr size_t kStatusCodes = 17;  // absl::StatusCode 0..16

// Why Track refused an event, from the status code the service answers with (see Tracker and
// AccessPolicy for which refusal has which code).
const char* RejectionReason(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return "invalid_request";
    case absl::StatusCode::kNotFound:
      return "unknown_account";
    case absl::StatusCode::kFailedPrecondition:
      return "inactive_account";
    case absl::StatusCode::kResourceExhausted:
      return "overloaded";
    case absl::StatusCode::kUnauthenticated:
      return "unauthenticated";
    case absl::StatusCode::kPermissionDenied:
      return "permission_denied";
    case absl::StatusCode::kUnavailable:
      return "shutting_down";
    default:
      return "internal";
  }
}

// How a started Subscribe stream ended, from its final status (see SubscriptionQueue and
// SubscriptionHub for which end has which code).
const char* EndReason(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kCancelled:
      return "subscriber_gone";
    case absl::StatusCode::kResourceExhausted:
      return "slow_subscriber";
    case absl::StatusCode::kNotFound:
      return "account_deleted";
    case absl::StatusCode::kUnavailable:
      return "shutting_down";
    default:
      return "error";
  }
}

// One counter per status code, several codes sharing a series when they share a reason.
template <typename ReasonOf>
std::array<observability::Counter*, kStatusCodes> CountersByReason(MetricsRegistry& registry,
                                                                   absl::string_view name,
                                                                   absl::string_view help,
                                                                   ReasonOf reason_of) {
  std::array<observability::Counter*, kStatusCodes> counters;
  for (size_t code = 1; code < kStatusCodes; ++code) {
    counters[code] = &registry.AddCounter(
        name, help, {{"reason", reason_of(static_cast<absl::StatusCode>(code))}});
  }
  // OK never ends a stream or refuses an event; should it, it counts as an internal error.
  counters[0] = counters[static_cast<int>(absl::StatusCode::kInternal)];
  return counters;
}

}  // namespace

static_assert(CoreMetrics::kCodes == kStatusCodes);

CoreMetrics::CoreMetrics(MetricsRegistry& registry)
    : events_tracked_(registry.AddCounter("beacon_core_events_tracked_total",
                                          "Events stored and acknowledged by Track.")),
      event_bytes_received_(registry.AddCounter("beacon_core_event_bytes_received_total",
                                                "Data bytes of the events stored by Track.")),
      track_duration_(registry.AddHistogram(
          "beacon_core_track_duration_seconds",
          "Time from a Track call's arrival to its answer (stored or refused).",
          observability::LatencySecondsBuckets())),
      rejected_by_code_(CountersByReason(registry, "beacon_core_events_rejected_total",
                                         "Track calls refused, by reason.", RejectionReason)),
      subscriptions_started_(registry.AddCounter("beacon_core_subscriptions_started_total",
                                                 "Subscribe streams accepted.")),
      ended_by_code_(CountersByReason(registry, "beacon_core_subscriptions_ended_total",
                                      "Subscribe streams ended after they were accepted, by "
                                      "reason (slow_subscriber: its queue overflowed).",
                                      EndReason)),
      events_delivered_(registry.AddCounter("beacon_core_events_delivered_total",
                                            "Events written to Subscribe streams.")),
      event_bytes_delivered_(registry.AddCounter("beacon_core_event_bytes_delivered_total",
                                                 "Data bytes of the events written to Subscribe "
                                                 "streams.")),
      stream_messages_(registry.AddCounter(
          "beacon_core_stream_messages_total",
          "Messages written to Subscribe streams (events_delivered_total / this: events per "
          "message, which grows with load as events queue while a write is in flight).")) {}

void CoreMetrics::TrackAnswered(const absl::Status& status, size_t data_bytes,
                                absl::Duration took) const {
  track_duration_.Observe(absl::ToDoubleSeconds(took));
  if (status.ok()) {
    events_tracked_.Increment();
    event_bytes_received_.Increment(data_bytes);
  } else {
    rejected_by_code_[static_cast<size_t>(status.code()) % kCodes]->Increment();
  }
}

void CoreMetrics::SubscriptionEnded(const absl::Status& status) const {
  ended_by_code_[static_cast<size_t>(status.code()) % kCodes]->Increment();
}

}  // namespace beacon::core
