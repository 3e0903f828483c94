#pragma once

#include <ostream>

#include "clients/bench/latency_recorder.h"
#include "nlohmann/json.hpp"

namespace beacon::bench {

// The result of one run: an ordered JSON object, {"command": ..., "params": {...}, ...}.
using Report = nlohmann::ordered_json;

// {"count", "mean", "p50", "p90", "p99", "p99.9", "max"}, latencies in microseconds.
Report LatencyJson(const LatencyRecorder& recorder);

// Writes `report` to `out`: one JSON line when `as_json`, else an indented human summary in
// which "*_latency_us" objects become one line of percentiles in milliseconds.
void WriteReport(const Report& report, bool as_json, std::ostream& out);

}  // namespace beacon::bench
