#include "clients/bench/ingest_tally.h"

#include "clients/bench/process_cpu.h"

namespace beacon::bench {

void IngestTally::Merge(const LatencyRecorder& more_latency, uint64_t more_accepted,
                        const std::map<std::string, uint64_t>& more_errors) {
  latency.Merge(more_latency);
  accepted += more_accepted;
  for (const auto& [kind, count] : more_errors) errors[kind] += count;
}

Report IngestReport(const IngestOptions& options, absl::string_view via, const IngestTally& tally,
                    double elapsed_s, absl::string_view latency_key) {
  uint64_t error_total = 0;
  Report errors = Report::object();
  for (const auto& [kind, count] : tally.errors) {
    errors[kind] = count;
    error_total += count;
  }
  Report report;
  report["command"] = "ingest";
  report["params"] = {{"via", std::string(via)},
                      {"target", options.target.ToString()},
                      {"concurrency", options.concurrency},
                      {"duration_s", absl::ToDoubleSeconds(options.duration)},
                      {"payload_bytes", options.payload_bytes},
                      {"account", options.account}};
  report["elapsed_s"] = elapsed_s;
  report["accepted"] = tally.accepted;
  report["accepted_per_s"] = static_cast<double>(tally.accepted) / elapsed_s;
  report["errors_total"] = error_total;
  report["bench_cpu_cores"] = ProcessCpuSeconds() / elapsed_s;
  report["errors"] = errors;
  report[std::string(latency_key)] = LatencyJson(tally.latency);
  return report;
}

}  // namespace beacon::bench
