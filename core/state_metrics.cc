#include "core/state_metrics.h"

namespace beacon::core {

void RegisterStateMetrics(observability::MetricsRegistry& registry, const SubscriptionHub& hub,
                          const EventCommitter& committer) {
  registry.AddGaugeFunction("beacon_core_subscriptions",
                            "Open Subscribe streams (live or catching up from the log).", {},
                            [&hub] { return static_cast<double>(hub.size()); });
  registry.AddGaugeFunction(
      "beacon_core_pending_events",
      "Accepted events not yet stored and answered (bounded by "
      "--max_pending_events).",
      {}, [&committer] { return static_cast<double>(committer.pending_events()); });
  registry.AddGaugeFunction("beacon_core_last_seq", "Seq of the newest event published.", {},
                            [&hub] { return static_cast<double>(hub.last_published()); });
}

}  // namespace beacon::core
