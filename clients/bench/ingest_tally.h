#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "clients/bench/ingest.h"
#include "clients/bench/latency_recorder.h"
#include "clients/bench/report.h"

namespace beacon::bench {

// What an ingest run counted, merged from its per-thread counters once the run is over.
struct IngestTally {
  LatencyRecorder latency;
  uint64_t accepted = 0;
  std::map<std::string, uint64_t> errors;  // by kind

  void Merge(const LatencyRecorder& more_latency, uint64_t more_accepted,
             const std::map<std::string, uint64_t>& more_errors);
};

// The report of one ingest run over `via` ("grpc" or "rest"); the latencies go under
// `latency_key`.
Report IngestReport(const IngestOptions& options, absl::string_view via, const IngestTally& tally,
                    double elapsed_s, absl::string_view latency_key);

}  // namespace beacon::bench
