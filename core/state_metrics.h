#pragma once

#include "core/event_committer.h"
#include "core/subscription_hub.h"
#include "observability/metrics_registry.h"

namespace beacon::core {

// Registers the gauges of state the hub and the committer own, read at every scrape:
//   beacon_core_subscriptions, beacon_core_pending_events, beacon_core_last_seq.
// Lifetime: `hub` and `committer` must outlive every scrape of `registry` (stop the admin server
// first).
void RegisterStateMetrics(observability::MetricsRegistry& registry, const SubscriptionHub& hub,
                          const EventCommitter& committer);

}  // namespace beacon::core
