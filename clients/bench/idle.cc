#include "clients/bench/idle.h"

#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "clients/bench/file_limit.h"
#include "clients/bench/process_memory.h"
#include "clients/bench/reachability.h"
#include "clients/bench/steady_nanos.h"
#include "clients/bench/subscriber_pool.h"

namespace beacon::bench {

namespace {

absl::StatusOr<std::map<pid_t, int64_t>> ResidentOfAll(const std::vector<pid_t>& pids) {
  std::map<pid_t, int64_t> resident;
  for (const pid_t pid : pids) {
    absl::StatusOr<int64_t> kib = ResidentKiB(pid);
    if (!kib.ok()) return kib.status();
    resident[pid] = *kib;
  }
  return resident;
}

std::string ProcessName(pid_t pid) {
  std::FILE* comm = std::fopen(absl::StrCat("/proc/", pid, "/comm").c_str(), "r");
  if (comm == nullptr) return "?";
  char name[64] = {0};
  if (std::fgets(name, sizeof(name), comm) == nullptr) name[0] = 0;
  std::fclose(comm);
  std::string result(name);
  if (!result.empty() && result.back() == '\n') result.pop_back();
  return result;
}

}  // namespace

absl::StatusOr<Report> RunIdle(const IdleOptions& options) {
  if (options.pids.empty()) return absl::InvalidArgumentError("idle needs at least one --pid");
  if (absl::Status limit = EnsureOpenFileLimit(options.connections + 256); !limit.ok()) {
    return limit;
  }
  if (absl::Status reachable = CheckTcpReachable(options.edge, "beacon-edge", absl::Seconds(3));
      !reachable.ok()) {
    return reachable;
  }
  const absl::StatusOr<std::map<pid_t, int64_t>> before = ResidentOfAll(options.pids);
  if (!before.ok()) return before.status();

  SubscriberPoolOptions pool_options;
  pool_options.edge = options.edge;
  pool_options.resource = absl::StrCat("/subscribe?account=", options.account);
  pool_options.connections = options.connections;
  pool_options.shards = options.io_threads;
  SubscriberPool pool(pool_options, [](int, int, const std::string&, int64_t) {});
  const int64_t connect_start = SteadyNanos();
  pool.Open(absl::Seconds(30) + absl::Milliseconds(options.connections));
  const double connect_seconds = static_cast<double>(SteadyNanos() - connect_start) / 1e9;
  std::this_thread::sleep_for(std::chrono::milliseconds(absl::ToInt64Milliseconds(options.settle)));
  const SubscriberPoolCounts counts = pool.Counts();
  const absl::StatusOr<std::map<pid_t, int64_t>> after = ResidentOfAll(options.pids);
  std::this_thread::sleep_for(std::chrono::milliseconds(absl::ToInt64Milliseconds(options.hold)));
  pool.CloseAll(absl::Seconds(10));
  if (!after.ok()) return after.status();

  Report report;
  report["command"] = "idle";
  Report pids = Report::array();
  for (const pid_t pid : options.pids) pids.push_back(pid);
  report["params"] = {{"edge", options.edge.ToString()},
                      {"connections", options.connections},
                      {"pids", pids},
                      {"settle_s", absl::ToDoubleSeconds(options.settle)}};
  report["connected"] = counts.open;
  report["connect_s"] = connect_seconds;
  Report failures = Report::object();
  uint64_t failure_total = 0;
  for (const auto& [reason, count] : counts.failed) {
    failures[reason] = count;
    failure_total += count;
  }
  report["connect_failures"] = failure_total;
  report["connect_failure_reasons"] = failures;
  Report processes = Report::object();
  for (const pid_t pid : options.pids) {
    const int64_t growth = after->at(pid) - before->at(pid);
    processes[absl::StrCat(ProcessName(pid), " (pid ", pid, ")")] = {
        {"rss_before_kib", before->at(pid)},
        {"rss_after_kib", after->at(pid)},
        {"kib_per_connection", counts.open > 0 ? static_cast<double>(growth) / counts.open : 0.0}};
  }
  report["memory"] = processes;
  return report;
}

}  // namespace beacon::bench
