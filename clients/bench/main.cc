// beacon-bench: load generator for a running Beacon (see `beacon-bench --help`).

#include <csignal>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/bench/fanout.h"
#include "clients/bench/idle.h"
#include "clients/bench/ingest.h"
#include "clients/bench/report.h"

// One flag, two commands, two defaults: empty means the command's own (kIngestDefaultVia,
// kFanoutDefaultVia below).
ABSL_FLAG(std::string, via, "",
          "ingest: grpc (Track on beacon-core; the default) or rest (POST on beacon-edge). "
          "fanout: how the producers publish: rest (POST /tracking on beacon-edge, as real "
          "producers do; the default) or grpc (Track on beacon-core).");
ABSL_FLAG(int, concurrency, 64, "ingest: requests in flight (gRPC calls or TCP connections).");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10),
          "ingest/fanout: how long to send, e.g. 10s.");
ABSL_FLAG(int, payload, 100, "ingest/fanout: bytes of event data (at least the ~30-byte stamp).");
ABSL_FLAG(std::string, target, "",
          "ingest: HOST:PORT to load; default --core for grpc, --edge for rest.");
ABSL_FLAG(int, subscribers, 1, "fanout: WebSocket subscribers connected before sending starts.");
ABSL_FLAG(std::string, rate, "100",
          "fanout: total events/s published, or \"max\" for as fast as --max_in_flight "
          "publishes allow.");
ABSL_FLAG(int, accounts, 1,
          "fanout: accounts the events are spread over. Only 1 is accepted for now: a fresh "
          "beacon-core has a single active account (celtra).");
ABSL_FLAG(std::string, account, "celtra",
          "ingest/fanout/idle: the account to track and subscribe to.");
ABSL_FLAG(absl::Duration, drain, absl::Seconds(5),
          "fanout: how long after the last send subscribers may take to receive everything.");
ABSL_FLAG(int, max_in_flight, 64,
          "fanout: most publishes (POSTs or Track calls) outstanding at once; with --via=rest "
          "also the most connections to the edge.");
ABSL_FLAG(int, max_undelivered, 20000,
          "fanout --rate=max: most deliveries (events x subscribers) sent but not yet received; "
          "the producer waits beyond it (and always allows one event), so max measures the rate "
          "delivery sustains rather than how fast a backlog grows.");
ABSL_FLAG(std::string, edge, "127.0.0.1:8082", "HOST:PORT of beacon-edge (loopback only).");
ABSL_FLAG(std::string, core, "127.0.0.1:50051",
          "HOST:PORT of beacon-core (loopback only); fanout uses it only with --via=grpc.");
ABSL_FLAG(int, connections, 1000, "idle: WebSocket subscribers to open and hold.");
ABSL_FLAG(std::vector<std::string>, pid, {},
          "idle: server process whose resident memory is measured; repeat or comma-separate.");
ABSL_FLAG(absl::Duration, hold, absl::Seconds(2),
          "idle: keep the connections this long after measuring.");
ABSL_FLAG(int, io_threads, 2, "fanout/idle: WebSocket client I/O threads.");
ABSL_FLAG(bool, json, false, "Print the result as one JSON object instead of a summary.");

namespace beacon::bench {
namespace {

constexpr int kExitViolations = 1;
constexpr int kExitUsage = 2;
constexpr int kExitFailed = 3;

constexpr char kIngestDefaultVia[] = "grpc";
// Real producers publish through the edge, so that is what fanout measures unless told.
constexpr char kFanoutDefaultVia[] = "rest";

constexpr char kUsage[] =
    "Load generator for a running Beacon, over its public interfaces only.\n"
    "\n"
    "  beacon-bench ingest [--via=grpc|rest] --concurrency=C --duration=D --payload=B "
    "[--target=HOST:PORT]\n"
    "      Maximum accepted events/s with C requests in flight; --via defaults to grpc here.\n"
    "  beacon-bench fanout [--via=rest|grpc] --subscribers=S --rate=R|max --duration=D "
    "--payload=B\n"
    "                      [--accounts=1] [--edge=HOST:PORT] [--core=HOST:PORT]\n"
    "      S WebSocket subscribers on the edge, events published at R/s; reports end-to-end\n"
    "      latency and lost/duplicated/out-of-order deliveries (exit 1 if any). --via defaults\n"
    "      to rest here: POST /tracking/ACCOUNT on the edge (HTTP/1.1, keep-alive when the edge\n"
    "      allows it); grpc tracks on the core instead (needs --core).\n"
    "      --accounts must be 1 for now (only celtra is active in a fresh core).\n"
    "  beacon-bench idle --connections=C --pid=P [--pid=P2...] [--edge=HOST:PORT]\n"
    "      Resident memory growth per idle WebSocket connection of the given processes.\n"
    "\n"
    "Exit: 0 ok, 1 correctness violations, 2 bad usage, 3 target unreachable or run failed.";

int Fail(int code, const std::string& message) {
  std::cerr << "beacon-bench: " << message << std::endl;
  return code;
}

// Joins every "--pid=X" / "--pid X" occurrence into one comma-separated --pid flag, since
// Abseil keeps only the last occurrence of a flag.
std::vector<std::string> WithPidsJoined(const std::vector<std::string>& args) {
  std::vector<std::string> kept;
  std::vector<std::string> pids;
  for (size_t i = 0; i < args.size(); ++i) {
    if (absl::StartsWith(args[i], "--pid=")) {
      pids.push_back(args[i].substr(6));
    } else if (args[i] == "--pid" && i + 1 < args.size()) {
      pids.push_back(args[++i]);
    } else {
      kept.push_back(args[i]);
    }
  }
  if (!pids.empty()) kept.push_back("--pid=" + absl::StrJoin(pids, ","));
  return kept;
}

absl::StatusOr<HostPort> FlagAddress(const std::string& name, const std::string& value) {
  absl::StatusOr<HostPort> parsed = ParseLoopbackHostPort(value);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", parsed.status().message()));
  }
  return parsed;
}

// --via, or the command's default when it is not given.
absl::StatusOr<std::string> ViaFlag(const char* command_default) {
  std::string via = absl::GetFlag(FLAGS_via);
  if (via.empty()) via = command_default;
  if (via != "grpc" && via != "rest") {
    return absl::InvalidArgumentError("--via must be grpc or rest");
  }
  return via;
}

absl::StatusOr<Report> RunIngest() {
  IngestOptions options;
  const absl::StatusOr<std::string> via_flag = ViaFlag(kIngestDefaultVia);
  if (!via_flag.ok()) return via_flag.status();
  const std::string& via = *via_flag;
  std::string target = absl::GetFlag(FLAGS_target);
  if (target.empty())
    target = via == "grpc" ? absl::GetFlag(FLAGS_core) : absl::GetFlag(FLAGS_edge);
  absl::StatusOr<HostPort> address = FlagAddress("target", target);
  if (!address.ok()) return address.status();
  options.target = *address;
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  options.duration = absl::GetFlag(FLAGS_duration);
  options.payload_bytes = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_payload)));
  options.account = absl::GetFlag(FLAGS_account);
  if (options.concurrency < 1) return absl::InvalidArgumentError("--concurrency must be >= 1");
  return via == "grpc" ? RunGrpcIngest(options) : RunRestIngest(options);
}

absl::StatusOr<Report> RunFanoutCommand() {
  FanoutOptions options;
  const absl::StatusOr<std::string> via = ViaFlag(kFanoutDefaultVia);
  if (!via.ok()) return via.status();
  options.via = *via == "rest" ? FanoutVia::kRest : FanoutVia::kGrpc;
  absl::StatusOr<HostPort> edge = FlagAddress("edge", absl::GetFlag(FLAGS_edge));
  if (!edge.ok()) return edge.status();
  absl::StatusOr<HostPort> core = FlagAddress("core", absl::GetFlag(FLAGS_core));
  if (!core.ok()) return core.status();
  options.edge = *edge;
  options.core = *core;
  options.subscribers = absl::GetFlag(FLAGS_subscribers);
  const std::string rate = absl::GetFlag(FLAGS_rate);
  if (rate != "max") {
    double per_second = 0;
    if (!absl::SimpleAtod(rate, &per_second) || per_second <= 0) {
      return absl::InvalidArgumentError("--rate must be a positive number or \"max\"");
    }
    options.rate = per_second;
  }
  options.duration = absl::GetFlag(FLAGS_duration);
  options.payload_bytes = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_payload)));
  options.accounts = absl::GetFlag(FLAGS_accounts);
  options.account = absl::GetFlag(FLAGS_account);
  options.drain = absl::GetFlag(FLAGS_drain);
  options.max_in_flight = std::max(1, absl::GetFlag(FLAGS_max_in_flight));
  options.max_undelivered = std::max(1, absl::GetFlag(FLAGS_max_undelivered));
  options.io_threads = std::max(1, absl::GetFlag(FLAGS_io_threads));
  if (options.subscribers < 1) return absl::InvalidArgumentError("--subscribers must be >= 1");
  return RunFanout(options);
}

absl::StatusOr<Report> RunIdleCommand() {
  IdleOptions options;
  absl::StatusOr<HostPort> edge = FlagAddress("edge", absl::GetFlag(FLAGS_edge));
  if (!edge.ok()) return edge.status();
  options.edge = *edge;
  options.connections = absl::GetFlag(FLAGS_connections);
  for (const std::string& text : absl::GetFlag(FLAGS_pid)) {
    int pid = 0;
    if (!absl::SimpleAtoi(text, &pid) || pid <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("--pid: not a process id: \"", text, "\""));
    }
    options.pids.push_back(pid);
  }
  options.account = absl::GetFlag(FLAGS_account);
  options.hold = absl::GetFlag(FLAGS_hold);
  options.io_threads = std::max(1, absl::GetFlag(FLAGS_io_threads));
  if (options.connections < 1) return absl::InvalidArgumentError("--connections must be >= 1");
  return RunIdle(options);
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::signal(SIGPIPE, SIG_IGN);
  std::string command;
  std::vector<std::string> args = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (command.empty() && argv[i][0] != '-') {
      command = argv[i];
    } else {
      args.push_back(argv[i]);
    }
  }
  args = WithPidsJoined(args);
  std::vector<char*> flag_argv;
  for (std::string& arg : args) flag_argv.push_back(arg.data());
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(flag_argv.size()), flag_argv.data());
  if (positional.size() > 1) {
    return Fail(kExitUsage, absl::StrCat("unexpected argument \"", positional[1], "\""));
  }

  absl::StatusOr<Report> report;
  if (command == "ingest") {
    report = RunIngest();
  } else if (command == "fanout") {
    report = RunFanoutCommand();
  } else if (command == "idle") {
    report = RunIdleCommand();
  } else {
    return Fail(kExitUsage, command.empty() ? "missing command: ingest, fanout or idle (see --help)"
                                            : absl::StrCat("unknown command \"", command,
                                                           "\": expected ingest, fanout or idle"));
  }
  if (!report.ok()) {
    return Fail(
        report.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitFailed,
        std::string(report.status().message()));
  }
  WriteReport(*report, absl::GetFlag(FLAGS_json), std::cout);
  if (report->value("violations", uint64_t{0}) > 0) {
    std::cerr << "beacon-bench: " << (*report)["violations"].get<uint64_t>()
              << " correctness violations (lost, duplicated, out-of-order, ...)" << std::endl;
    return kExitViolations;
  }
  return 0;
}

}  // namespace
}  // namespace beacon::bench

int main(int argc, char** argv) { return beacon::bench::Main(argc, argv); }
