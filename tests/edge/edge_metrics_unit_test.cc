// EdgeMetrics without processes: common series present at zero, rare label values created on
// first use, and every counter landing in its own series.
#include <string>

#include "edge/edge_metrics.h"
#include "gtest/gtest.h"
#include "observability/metrics_registry.h"

namespace beacon::edge {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(EdgeMetricsUnitTest, CommonSeriesStartAtZeroAndRareOnesAppearWhenCounted) {
  observability::MetricsRegistry registry;
  EdgeMetrics metrics(registry);
  std::string text = registry.PrometheusText();
  EXPECT_TRUE(Has(text, "beacon_edge_http_requests_total{route=\"track\",code=\"200\"} 0"));
  EXPECT_TRUE(
      Has(text, "beacon_edge_core_call_errors_total{method=\"Health\",code=\"UNAVAILABLE\"} 0"));
  EXPECT_TRUE(Has(text, "beacon_edge_websocket_closes_total{code=\"4008\"} 0"));
  EXPECT_TRUE(Has(text, "beacon_edge_subscribers_dropped_total{reason=\"slow\"} 0"));
  EXPECT_EQ(text.find("code=\"418\""), std::string::npos);

  metrics.CountHttpReply(HttpRoute::kTrack, 200, 10);
  metrics.CountHttpReply(HttpRoute::kTrack, 200, 5);
  metrics.CountHttpReply(HttpRoute::kOther, 418, 7);
  metrics.CountHttpReply(HttpRoute::kOther, 418, 0);
  metrics.CountCoreCallError(CoreMethod::kSubscribe, absl::StatusCode::kUnavailable);
  metrics.CountCoreCallError(CoreMethod::kListEvents, absl::StatusCode::kPermissionDenied);
  metrics.CountWebSocketClose(4008);
  metrics.CountWebSocketClose(4404);
  metrics.websocket_connections().Add(2);
  metrics.events_delivered().Increment(3);

  text = registry.PrometheusText();
  EXPECT_TRUE(Has(text, "beacon_edge_http_requests_total{route=\"track\",code=\"200\"} 2"));
  EXPECT_TRUE(Has(text, "beacon_edge_http_requests_total{route=\"other\",code=\"418\"} 2"));
  EXPECT_TRUE(Has(text, "beacon_edge_sent_bytes_total 22"));
  EXPECT_TRUE(
      Has(text, "beacon_edge_core_call_errors_total{method=\"Subscribe\",code=\"UNAVAILABLE\"} 1"));
  EXPECT_TRUE(Has(
      text,
      "beacon_edge_core_call_errors_total{method=\"ListEvents\",code=\"PERMISSION_DENIED\"} 1"));
  EXPECT_TRUE(Has(text, "beacon_edge_websocket_closes_total{code=\"4008\"} 1"));
  EXPECT_TRUE(Has(text, "beacon_edge_websocket_closes_total{code=\"4404\"} 1"));
  EXPECT_TRUE(Has(text, "beacon_edge_websocket_connections 2"));
  EXPECT_TRUE(Has(text, "beacon_edge_events_delivered_total 3"));
}

}  // namespace
}  // namespace beacon::edge
