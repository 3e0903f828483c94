// beacon-edge's admin HTTP server: /metrics moves by what real traffic did, in valid Prometheus
// text; /healthz and /readyz follow the core; a taken admin port is a startup error.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "log_lines.h"
#include "metrics_scrape.h"
#include "polling.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::seconds;

std::string HttpRequests(const std::string& route, int code) {
  return "beacon_edge_http_requests_total{route=\"" + route + "\",code=\"" + std::to_string(code) +
         "\"}";
}

std::string CoreCallErrors(const std::string& method, const std::string& code) {
  return "beacon_edge_core_call_errors_total{method=\"" + method + "\",code=\"" + code + "\"}";
}

std::string WebSocketCloses(int code) {
  return "beacon_edge_websocket_closes_total{code=\"" + std::to_string(code) + "\"}";
}

constexpr char kTrackCount[] = "beacon_edge_track_duration_seconds_count";
constexpr char kWebSockets[] = "beacon_edge_websocket_connections";
constexpr char kDelivered[] = "beacon_edge_events_delivered_total";
constexpr char kReceivedBytes[] = "beacon_edge_received_bytes_total";
constexpr char kSentBytes[] = "beacon_edge_sent_bytes_total";
constexpr char kSlowDropped[] = "beacon_edge_subscribers_dropped_total{reason=\"slow\"}";
constexpr char kCoreConnected[] = "beacon_edge_core_connected";

class EdgeMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() { return stack_.edge_port(); }
  int admin_port() { return stack_.edge().admin_port(); }
  MetricSamples Scrape() { return ScrapeMetrics(admin_port()); }

  // How far `key` moved since `before`, polled until it reaches `expected` (metrics are updated
  // on the edge's io thread, possibly just after a client saw the effect).
  ::testing::AssertionResult MovedBy(const MetricSamples& before, const std::string& key,
                                     double expected) {
    double moved = 0;
    PollUntil(
        [&] {
          moved = Sample(Scrape(), key) - Sample(before, key);
          return moved == expected;
        },
        seconds(10));
    if (moved == expected) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << key << " moved by " << moved << ", not " << expected;
  }

  // The edge cuts a subscriber off itself (4008) once this much is waiting for it.
  // A subscriber that stops reading fills the edge's 64 KiB, then the core's 1 MiB queue.
  EdgeStack stack_{EdgeStackOptions{
      {"--ws_max_buffered_bytes=65536"}, {}, {"--subscriber_queue_bytes=1048576"}}};
};

TEST_F(EdgeMetricsTest, RequestsEventsAndBytesAreCounted) {
  const MetricSamples before = Scrape();
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(Sample(before, kWebSockets), 0);

  auto subscriber = std::make_unique<WsSubscriber>(port(), "?account=celtra");
  ASSERT_TRUE(subscriber->WaitOpen());
  EXPECT_TRUE(MovedBy(before, kWebSockets, 1));

  std::vector<std::string> bodies;
  size_t posted_bytes = 0;
  for (const std::string data : {"one", "two", "three"}) {
    posted_bytes += EventBody(data).size();
    bodies.push_back(PostOk(port(), "celtra", data));
  }
  posted_bytes += EventBody("inactive").size() + EventBody("unknown").size();
  EXPECT_TRUE(IsJsonError(PostEvent(port(), "test", "inactive"), 403));
  EXPECT_TRUE(IsJsonError(PostEvent(port(), "no-such-account", "unknown"), 404));
  const auto health = Get(port(), "/healthz");
  ASSERT_TRUE(health && health->status == 200) << Describe(health);
  EXPECT_TRUE(IsJsonError(Get(port(), "/no-such-path"), 404));
  const auto page = Get(port(), "/");
  ASSERT_TRUE(page && page->status == 200) << Describe(page);
  const std::vector<std::string> frames = subscriber->WaitForMessages(3);
  ASSERT_EQ(frames.size(), 3u);

  EXPECT_TRUE(MovedBy(before, HttpRequests("track", 200), 3));
  EXPECT_TRUE(MovedBy(before, HttpRequests("track", 403), 1));
  EXPECT_TRUE(MovedBy(before, HttpRequests("track", 404), 1));
  EXPECT_TRUE(MovedBy(before, HttpRequests("healthz", 200), 1));
  EXPECT_TRUE(MovedBy(before, HttpRequests("other", 404), 1));
  EXPECT_TRUE(MovedBy(before, HttpRequests("live_page", 200), 1));
  EXPECT_TRUE(MovedBy(before, HttpRequests("subscribe", 101), 1));
  EXPECT_TRUE(MovedBy(before, kTrackCount, 5));
  EXPECT_TRUE(MovedBy(before, kDelivered, 3));
  EXPECT_TRUE(MovedBy(before, CoreCallErrors("Track", "FAILED_PRECONDITION"), 1));
  EXPECT_TRUE(MovedBy(before, CoreCallErrors("Track", "NOT_FOUND"), 1));
  EXPECT_TRUE(MovedBy(before, CoreCallErrors("Track", "UNAVAILABLE"), 0));

  const MetricSamples after = Scrape();
  EXPECT_EQ(Sample(after, kReceivedBytes) - Sample(before, kReceivedBytes), posted_bytes);
  // Sent: the three frames, the five POST replies, the bodies of /healthz, the 404 and the page.
  size_t frame_bytes = 0;
  for (const std::string& frame : frames) frame_bytes += frame.size();
  size_t reply_bytes = health->body.size() + page->body.size();
  for (const std::string& body : bodies) reply_bytes += body.size();
  const double sent = Sample(after, kSentBytes) - Sample(before, kSentBytes);
  EXPECT_GT(sent, frame_bytes + reply_bytes);  // plus the two error bodies and the 404's
  EXPECT_GE(Sample(after, "beacon_edge_connections"), 1);  // at least the WebSocket
  EXPECT_EQ(Sample(after, kCoreConnected), 1);

  subscriber.reset();  // closes normally (1000)
  EXPECT_TRUE(MovedBy(before, kWebSockets, 0));
  EXPECT_TRUE(MovedBy(before, WebSocketCloses(1000), 1));
}

TEST_F(EdgeMetricsTest, SlowConsumerCutOffIsCountedAs4008) {
  const MetricSamples before = Scrape();
  WsSubscriber slow(port(), "?account=celtra");
  ASSERT_TRUE(slow.WaitOpen());
  slow.PauseReading();
  PostOk(port(), "celtra", "first");
  ASSERT_EQ(slow.WaitForMessages(1).size(), 1u);  // from here on `slow` reads nothing
  // 18 MB: far more than the kernel's socket buffers, the edge's 64 KiB and the core's 1 MiB hold.
  const std::string data(60000, 'x');
  for (int i = 0; i < 300; ++i) PostOk(port(), "celtra", data);
  slow.ResumeReading();
  ASSERT_TRUE(slow.WaitClosed(seconds(20)));
  ASSERT_EQ(slow.close_code(), 4008) << slow.close_reason();

  EXPECT_TRUE(MovedBy(before, kSlowDropped, 1));
  EXPECT_TRUE(MovedBy(before, WebSocketCloses(4008), 1));
  EXPECT_TRUE(MovedBy(before, kWebSockets, 0));
  const MetricSamples after = Scrape();
  const double delivered = Sample(after, kDelivered) - Sample(before, kDelivered);
  EXPECT_GE(delivered, static_cast<double>(slow.Messages().size()));
  EXPECT_LT(delivered, 301);
}

TEST_F(EdgeMetricsTest, ExpositionIsValidPrometheusText) {
  PostOk(port(), "celtra", "for the histogram");
  EXPECT_TRUE(IsJsonError(PostEvent(port(), "test", "inactive"), 403));
  const auto metrics = Get(admin_port(), "/metrics");
  ASSERT_TRUE(metrics && metrics->status == 200) << Describe(metrics);
  EXPECT_EQ(metrics->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  EXPECT_TRUE(IsValidExposition(metrics->body)) << metrics->body;
  for (const std::string family :
       {"beacon_edge_http_requests_total", "beacon_edge_track_duration_seconds",
        "beacon_edge_connections", "beacon_edge_websocket_connections",
        "beacon_edge_events_delivered_total", "beacon_edge_websocket_closes_total",
        "beacon_edge_subscribers_dropped_total", "beacon_edge_received_bytes_total",
        "beacon_edge_sent_bytes_total", "beacon_edge_core_call_errors_total",
        "beacon_edge_core_connected"}) {
    EXPECT_NE(metrics->body.find("# TYPE " + family + " "), std::string::npos) << family;
  }
  EXPECT_GE(Sample(ParseMetrics(metrics->body), kTrackCount), 2);
}

TEST_F(EdgeMetricsTest, ReadyzFollowsTheCore) {
  const auto healthz = Get(admin_port(), "/healthz");
  ASSERT_TRUE(healthz && healthz->status == 200) << Describe(healthz);
  EXPECT_TRUE(PollUntil(
      [&] {
        const auto ready = Get(admin_port(), "/readyz");
        return ready && ready->status == 200;
      },
      seconds(10)))
      << Describe(Get(admin_port(), "/readyz"));

  stack_.KillCore();
  EXPECT_TRUE(
      PollUntil([&] { return IsJsonError(Get(admin_port(), "/readyz"), 503); }, seconds(10)))
      << Describe(Get(admin_port(), "/readyz"));
  EXPECT_EQ(Sample(Scrape(), kCoreConnected), 0);
  const MetricSamples before = Scrape();
  EXPECT_TRUE(IsJsonError(PostEvent(port(), "celtra", "core is down"), 503));
  EXPECT_TRUE(MovedBy(before, CoreCallErrors("Track", "UNAVAILABLE"), 1));
  EXPECT_TRUE(MovedBy(before, HttpRequests("track", 503), 1));
  const auto healthz_down = Get(admin_port(), "/healthz");  // liveness does not follow the core
  EXPECT_TRUE(healthz_down && healthz_down->status == 200) << Describe(healthz_down);

  ASSERT_TRUE(stack_.RestartCore());
  EXPECT_TRUE(PollUntil(
      [&] {
        const auto ready = Get(admin_port(), "/readyz");
        return ready && ready->status == 200;
      },
      seconds(15)))
      << Describe(Get(admin_port(), "/readyz"));
  EXPECT_TRUE(PollUntil([&] { return Sample(Scrape(), kCoreConnected) == 1; }, seconds(10)));
}

TEST_F(EdgeMetricsTest, TakenAdminPortIsAStartupErrorOnOneLine) {
  ChildProcess edge({BinaryPath("BEACON_EDGE_BIN"), "--listen=127.0.0.1:0",
                     "--core=127.0.0.1:" + std::to_string(stack_.core_port()),
                     "--admin_listen=127.0.0.1:" + std::to_string(admin_port())});
  const std::optional<int> exit_code = edge.WaitExit(seconds(15));
  ASSERT_TRUE(exit_code.has_value());
  EXPECT_EQ(*exit_code, 1);
  EXPECT_TRUE(IsOneLogLine(
      edge.Stderr(), "ERROR",
      "beacon-edge: cannot listen on 127.0.0.1:" + std::to_string(admin_port()) + " (admin HTTP)"));
  EXPECT_EQ(edge.Stdout().find("listening on"), std::string::npos) << edge.Stdout();
}

// The admin server is up by then, but the failure is still the only line on stderr.
TEST_F(EdgeMetricsTest, TakenPublicPortIsAStartupErrorOnOneLine) {
  ChildProcess edge({BinaryPath("BEACON_EDGE_BIN"), "--listen=127.0.0.1:" + std::to_string(port()),
                     "--core=127.0.0.1:" + std::to_string(stack_.core_port()),
                     "--admin_listen=127.0.0.1:0"});
  const std::optional<int> exit_code = edge.WaitExit(seconds(15));
  ASSERT_TRUE(exit_code.has_value());
  EXPECT_EQ(*exit_code, 1);
  EXPECT_TRUE(IsOneLogLine(edge.Stderr(), "ERROR",
                           "beacon-edge: cannot listen on 127.0.0.1:" + std::to_string(port()) +
                               ": Address already in use"));
}

TEST(EdgeAdminDisabledTest, EmptyAdminListenStartsWithoutAdminServer) {
  EdgeStack stack(EdgeStackOptions{{"--admin_listen="}, {}, {}});
  ASSERT_TRUE(stack.Start());
  EXPECT_EQ(stack.edge().admin_port(), 0);
  PostOk(stack.edge_port(), "celtra", "no admin server");
}

}  // namespace
}  // namespace beacon::testing
