#include "observability/metrics_registry.h"

#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "observability/prometheus_text.h"

namespace beacon::observability {
namespace {

TEST(MetricsRegistryTest, CountersAndGaugesInRegistrationOrderWithHelpAndType) {
  MetricsRegistry registry;
  registry.AddCounter("beacon_test_events_total", "Events seen.").Increment(3);
  Gauge& open = registry.AddGauge("beacon_test_open", "Open things.");
  open.Add(5);
  open.Add(-2);
  EXPECT_EQ(registry.PrometheusText(),
            "# HELP beacon_test_events_total Events seen.\n"
            "# TYPE beacon_test_events_total counter\n"
            "beacon_test_events_total 3\n"
            "# HELP beacon_test_open Open things.\n"
            "# TYPE beacon_test_open gauge\n"
            "beacon_test_open 3\n");
}

TEST(MetricsRegistryTest, SameNameAndLabelsIsTheSameSeriesOtherLabelsAnother) {
  MetricsRegistry registry;
  Counter& inactive = registry.AddCounter("beacon_rejected_total", "R.", {{"reason", "inactive"}});
  Counter& again = registry.AddCounter("beacon_rejected_total", "R.", {{"reason", "inactive"}});
  Counter& invalid = registry.AddCounter("beacon_rejected_total", "R.", {{"reason", "invalid"}});
  EXPECT_EQ(&inactive, &again);
  EXPECT_NE(&inactive, &invalid);
  inactive.Increment();
  again.Increment();
  EXPECT_EQ(registry.PrometheusText(),
            "# HELP beacon_rejected_total R.\n"
            "# TYPE beacon_rejected_total counter\n"
            "beacon_rejected_total{reason=\"inactive\"} 2\n"
            "beacon_rejected_total{reason=\"invalid\"} 0\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  MetricsRegistry registry;
  Histogram& latency =
      registry.AddHistogram("beacon_latency_seconds", "L.", {0.001, 0.01}, {{"route", "track"}});
  latency.Observe(0.0005);
  latency.Observe(0.001);  // on a bound: counted in that bucket (le)
  latency.Observe(0.005);
  latency.Observe(2);
  EXPECT_EQ(registry.PrometheusText(),
            "# HELP beacon_latency_seconds L.\n"
            "# TYPE beacon_latency_seconds histogram\n"
            "beacon_latency_seconds_bucket{route=\"track\",le=\"0.001\"} 2\n"
            "beacon_latency_seconds_bucket{route=\"track\",le=\"0.01\"} 3\n"
            "beacon_latency_seconds_bucket{route=\"track\",le=\"+Inf\"} 4\n"
            "beacon_latency_seconds_sum{route=\"track\"} 2.0065\n"
            "beacon_latency_seconds_count{route=\"track\"} 4\n");
}

TEST(MetricsRegistryTest, FunctionsAreReadAtEveryScrape) {
  MetricsRegistry registry;
  double bytes = 1.5e9;
  registry.AddGaugeFunction("beacon_size_bytes", "S.", {{"cf", "events"}}, [&] { return bytes; });
  registry.AddCounterFunction("beacon_stalls_total", "W.", {}, [] { return 7.0; });
  EXPECT_TRUE(absl::StrContains(registry.PrometheusText(),
                                "beacon_size_bytes{cf=\"events\"} 1500000000\n"));
  bytes = 42;
  const std::string text = registry.PrometheusText();
  EXPECT_TRUE(absl::StrContains(text, "beacon_size_bytes{cf=\"events\"} 42\n")) << text;
  EXPECT_TRUE(
      absl::StrContains(text, "# TYPE beacon_stalls_total counter\nbeacon_stalls_total 7\n"))
      << text;
}

TEST(MetricsRegistryTest, ScrapeHooksRunBeforeTheFunctionsRead) {
  MetricsRegistry registry;
  int snapshot = 0;
  int scrapes = 0;
  registry.AddScrapeHook([&] { snapshot = ++scrapes * 10; });
  registry.AddGaugeFunction("beacon_a", "A.", {}, [&] { return snapshot; });
  registry.AddGaugeFunction("beacon_b", "B.", {}, [&] { return snapshot + 1; });
  registry.PrometheusText();
  const std::string text = registry.PrometheusText();
  EXPECT_TRUE(absl::StrContains(text, "\nbeacon_a 20\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\nbeacon_b 21\n")) << text;
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  registry.AddCounter("beacon_x_total", "line one\nback\\slash", {{"v", "a\"b\\c\nd"}});
  EXPECT_EQ(registry.PrometheusText(),
            "# HELP beacon_x_total line one\\nback\\\\slash\n"
            "# TYPE beacon_x_total counter\n"
            "beacon_x_total{v=\"a\\\"b\\\\c\\nd\"} 0\n");
}

TEST(MetricsRegistryTest, NumbersReadBackExactly) {
  EXPECT_EQ(PrometheusNumber(0.1), "0.1");
  EXPECT_EQ(PrometheusNumber(1e21), "1e+21");
  EXPECT_EQ(PrometheusNumber(12345678), "12345678");
  EXPECT_EQ(PrometheusNumber(1.0 / 0.0), "+Inf");
  EXPECT_EQ(PrometheusNumber(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(PrometheusNumber(0.0 / 0.0), "NaN");
}

TEST(MetricsRegistryTest, ConcurrentUpdatesAreAllCounted) {
  MetricsRegistry registry;
  Counter& counter = registry.AddCounter("beacon_c_total", "C.");
  Histogram& histogram = registry.AddHistogram("beacon_h_seconds", "H.", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.Increment();
        histogram.Observe(0.5);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 40000u);
  const Histogram::Snapshot snapshot = histogram.TakeSnapshot();
  EXPECT_EQ(snapshot.cumulative_counts.back(), 40000u);
  EXPECT_DOUBLE_EQ(snapshot.sum, 20000);
}

TEST(MetricsRegistryDeathTest, AnotherTypeUnderTheSameNameIsABrokenInvariant) {
  MetricsRegistry registry;
  registry.AddCounter("beacon_thing", "T.");
  EXPECT_DEATH(registry.AddGauge("beacon_thing", "T."), "another type");
  EXPECT_DEATH(registry.AddCounter("beacon-bad", "T."), "invalid metric name");
  EXPECT_DEATH(registry.AddCounter("beacon_ok_total", "T.", {{"le", "1"}}), "invalid label name");
}

}  // namespace
}  // namespace beacon::observability
