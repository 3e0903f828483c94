// beacon-core's admin HTTP server: /metrics moves with real Track and Subscribe traffic,
// /healthz and /readyz answer.
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "core_process.h"
#include "grpc_subscriber.h"
#include "gtest/gtest.h"
#include "metrics_scrape.h"

namespace beacon::testing {
namespace {

class CoreMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core_.Start());
    ASSERT_GT(core_.process().admin_port(), 0);
  }
  int admin_port() { return core_.process().admin_port(); }

  CoreProcess core_;
};

TEST_F(CoreMetricsTest, TrackAndSubscribeTrafficMovesTheCounters) {
  const MetricSamples before = ScrapeMetrics(admin_port());
  GrpcSubscriber subscriber(core_.stub(), {"celtra"});
  ASSERT_TRUE(subscriber.WaitAccepted());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(core_.Track("celtra", "0123456789").ok());
  EXPECT_EQ(core_.Track("test", "x").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(core_.Track("nobody", "x").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(core_.Track("celtra", "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(subscriber.WaitForEvents(3).size(), 3u);

  const std::string text = ScrapeMetricsText(admin_port());
  EXPECT_TRUE(IsValidExposition(text)) << text;
  const MetricSamples after = ParseMetrics(text);
  const auto delta = [&](const std::string& series) {
    return Sample(after, series) - Sample(before, series);
  };
  EXPECT_EQ(delta("beacon_core_events_tracked_total"), 3);
  EXPECT_EQ(delta("beacon_core_event_bytes_received_total"), 30);
  EXPECT_EQ(delta("beacon_core_events_rejected_total{reason=\"inactive_account\"}"), 1);
  EXPECT_EQ(delta("beacon_core_events_rejected_total{reason=\"unknown_account\"}"), 1);
  EXPECT_EQ(delta("beacon_core_events_rejected_total{reason=\"invalid_request\"}"), 1);
  EXPECT_EQ(delta("beacon_core_track_duration_seconds_count"), 6);
  EXPECT_GT(delta("beacon_core_track_duration_seconds_sum"), 0);
  EXPECT_EQ(delta("beacon_core_subscriptions_started_total"), 1);
  EXPECT_EQ(Sample(after, "beacon_core_subscriptions"), 1);
  EXPECT_EQ(delta("beacon_core_events_delivered_total"), 3);
  EXPECT_EQ(delta("beacon_core_event_bytes_delivered_total"), 30);
  EXPECT_EQ(Sample(after, "beacon_core_last_seq") - Sample(before, "beacon_core_last_seq") >= 3,
            true);
  EXPECT_GT(Sample(after, "beacon_storage_memtable_bytes{column_family=\"events\"}"), 0);
  EXPECT_EQ(Sample(after, "beacon_storage_writes_stopped"), 0);
  EXPECT_EQ(
      after.count("beacon_storage_write_stalls_total{column_family=\"events\",kind=\"stop\"}"), 1u);
}

// Slow subscribers (reason slow_subscriber) are counted in
// TrackingServiceTest.SubscriberThatStopsReadingIsEndedWithBoundedMemory, which stalls one.
TEST_F(CoreMetricsTest, EndedStreamsAreCountedByReason) {
  const MetricSamples before = ScrapeMetrics(admin_port());
  {
    GrpcSubscriber gone(core_.stub(), {"celtra"});
    ASSERT_TRUE(gone.WaitAccepted());
  }  // cancelled by the client
  // The core counts the end when gRPC reports the cancellation: poll, bounded.
  double ended = 0;
  for (int i = 0; i < 100 && ended == 0; ++i) {
    ended = Sample(ScrapeMetrics(admin_port()),
                   "beacon_core_subscriptions_ended_total{reason=\"subscriber_gone\"}") -
            Sample(before, "beacon_core_subscriptions_ended_total{reason=\"subscriber_gone\"}");
    if (ended == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(ended, 1);
  EXPECT_EQ(Sample(ScrapeMetrics(admin_port()), "beacon_core_subscriptions"), 0);
}

TEST_F(CoreMetricsTest, HealthzAndReadyzAnswerAndOtherPathsAreJsonErrors) {
  httplib::Client admin("127.0.0.1", admin_port());
  const httplib::Result healthz = admin.Get("/healthz");
  ASSERT_TRUE(healthz);
  EXPECT_EQ(healthz->status, 200);
  const httplib::Result readyz = admin.Get("/readyz");
  ASSERT_TRUE(readyz);
  EXPECT_EQ(readyz->status, 200);
  const httplib::Result missing = admin.Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "{\"error\":\"Not found\"}");
}

TEST(CoreAdminPortTest, ATakenAdminPortIsAStartupErrorWithOneClearLine) {
  CoreProcess first;
  ASSERT_TRUE(first.Start());
  CoreProcess second({"--admin_listen=" + first.process().admin_address()});
  EXPECT_FALSE(second.Start()) << "a second core shares the admin port";
}

}  // namespace
}  // namespace beacon::testing
