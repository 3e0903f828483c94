#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "edge/api/rest_route.h"
#include "observability/metrics.h"
#include "observability/metrics_registry.h"

namespace beacon::edge {

// The edge->core gRPC methods, the `method` label of beacon_edge_core_call_errors_total.
enum class CoreMethod { kTrack, kListEvents, kSubscribe, kHealth };

// The edge's metrics (beacon_edge_*), registered in a MetricsRegistry that the admin server
// scrapes. Knows nothing of websocketpp or gRPC: callers pass routes, status and close codes.
//
// Threading: every method may be called from any thread. The common series are registered in the
// constructor and kept in tables that never change afterwards, so the hot path only touches
// relaxed atomics; a rare label value (an unusual status or close code) is looked up in the
// registry, which takes its lock. Lifetime: the registry must outlive this object.
class EdgeMetrics {
 public:
  explicit EdgeMetrics(observability::MetricsRegistry& registry);
  EdgeMetrics(const EdgeMetrics&) = delete;
  EdgeMetrics& operator=(const EdgeMetrics&) = delete;

  // One HTTP response handed to websocketpp (101 for an accepted WebSocket upgrade), with its
  // body size (counted in beacon_edge_sent_bytes_total).
  void CountHttpReply(HttpRoute route, int http_status, size_t body_bytes);
  // A gRPC call to the core that ended with a status other than OK (nor CANCELLED by the edge).
  void CountCoreCallError(CoreMethod method, absl::StatusCode code);
  // A WebSocket that closed with `code` in the edge's close frame (1006: none was exchanged).
  void CountWebSocketClose(int code);

  observability::Histogram& track_duration_seconds() { return track_duration_; }
  observability::Gauge& websocket_connections() { return websocket_connections_; }
  observability::Counter& events_delivered() { return events_delivered_; }
  observability::Counter& websocket_writes() { return websocket_writes_; }
  observability::Counter& slow_subscribers_dropped() { return slow_subscribers_dropped_; }
  observability::Counter& received_bytes() { return received_bytes_; }
  observability::Counter& sent_bytes() { return sent_bytes_; }

 private:
  template <typename Key>
  struct Series {
    Key key;
    observability::Counter* counter;
  };
  struct HttpKey {
    HttpRoute route;
    int status;
  };
  struct CoreKey {
    CoreMethod method;
    absl::StatusCode code;
  };

  observability::Counter& HttpRequestsSeries(HttpRoute route, int http_status);
  observability::Counter& CoreCallErrorsSeries(CoreMethod method, absl::StatusCode code);
  observability::Counter& WebSocketClosesSeries(int code);

  observability::MetricsRegistry& registry_;
  observability::Histogram& track_duration_;
  observability::Gauge& websocket_connections_;
  observability::Counter& events_delivered_;
  observability::Counter& websocket_writes_;
  observability::Counter& slow_subscribers_dropped_;
  observability::Counter& received_bytes_;
  observability::Counter& sent_bytes_;
  // Filled in the constructor, read-only afterwards (so readable from any thread).
  std::vector<Series<HttpKey>> http_requests_;
  std::vector<Series<CoreKey>> core_call_errors_;
  std::vector<Series<int>> websocket_closes_;
};

}  // namespace beacon::edge
