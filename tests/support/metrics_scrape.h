#pragma once

#include <map>
#include <string>

#include "gtest/gtest.h"

namespace beacon::testing {

// One scrape of a daemon's /metrics: each sample line's series ("name{labels}" exactly as
// printed) and its value.
using MetricSamples = std::map<std::string, double>;

// GET http://127.0.0.1:PORT/metrics; ADD_FAILURE and empty when it does not answer 200.
std::string ScrapeMetricsText(int admin_port);
// Parses the Prometheus text format; ADD_FAILURE on a malformed line.
MetricSamples ParseMetrics(const std::string& text);
MetricSamples ScrapeMetrics(int admin_port);

// The value of `series` (0 when it is missing, which then fails the test's own expectation).
double Sample(const MetricSamples& samples, const std::string& series);

// Checks what a Prometheus server relies on: every sample belongs to a family announced by
// # HELP and # TYPE before it, counters end in _total, histogram buckets are cumulative and
// their +Inf bucket equals _count.
::testing::AssertionResult IsValidExposition(const std::string& text);

}  // namespace beacon::testing
