#pragma once

#include <map>
#include <string>

#include "gtest/gtest.h"

namespace beacon::testing {

// The samples of a Prometheus text exposition, keyed by the sample exactly as printed before its
// value, e.g. `beacon_edge_http_requests_total{route="track",code="200"}`.
using Samples = std::map<std::string, double>;

Samples ParseSamples(const std::string& text);

// A sample's value, 0 when it is absent (a series not created yet counts as 0).
double ValueOf(const Samples& samples, const std::string& key);

// The text follows the exposition format as far as the edge uses it: every sample's family has
// one # HELP and one # TYPE line before its samples, sample values parse, each histogram's
// buckets are cumulative, end with le="+Inf", and that bucket equals its _count.
::testing::AssertionResult IsValidExposition(const std::string& text);

// GET http://127.0.0.1:`port`/metrics; the body, or "" with a test failure.
std::string ScrapeMetrics(int port);

}  // namespace beacon::testing
