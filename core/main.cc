// beacon-core: the gRPC daemon that accepts tracking events and streams them to subscribers.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/seq_allocator.h"
#include "core/subscription_hub.h"
#include "core/tracker.h"
#include "core/tracking_service.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "storage/database.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "gRPC listen address HOST:PORT (port 0 picks a free port)");
ABSL_FLAG(std::string, data_dir, "data/core",
          "folder of the RocksDB database (created if missing)");
ABSL_FLAG(int64_t, max_data_bytes, 64 << 10,
          "largest event data accepted by Track; larger data is refused with INVALID_ARGUMENT");
ABSL_FLAG(int64_t, subscriber_queue_events, 8192,
          "events queued for one subscriber before its stream is ended with RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, subscriber_queue_bytes, 16 << 20,
          "data bytes queued for one subscriber before its stream is ended with "
          "RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, batch_max_events, 256, "most events in one SubscribeResponse");
ABSL_FLAG(int64_t, batch_max_bytes, 64 << 10,
          "most data bytes in one SubscribeResponse (a larger single event goes alone)");
ABSL_FLAG(int64_t, max_subscriptions, 100000,
          "open Subscribe streams; beyond it Subscribe fails with RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, seq_reserve_block, 65536,
          "sequence numbers reserved (one synced RocksDB write) at a time; after a crash seq "
          "continues above the reserved block, skipping at most this many numbers");
ABSL_FLAG(int64_t, shutdown_grace_ms, 5000,
          "on SIGINT/SIGTERM, how long calls in flight may take before they are cancelled");

namespace {

using beacon::storage::Account;

// Every argument must be positive: a zero or negative limit is a configuration mistake.
size_t PositiveFlag(const absl::Flag<int64_t>& flag, const char* name) {
  const int64_t value = absl::GetFlag(flag);
  if (value <= 0) {
    std::fprintf(stderr, "beacon-core: --%s must be positive (got %lld)\n", name,
                 static_cast<long long>(value));
    std::exit(2);
  }
  return static_cast<size_t>(value);
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after it, so that
// WaitForStopSignal() receives them synchronously instead of a handler interrupting gRPC.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int WaitForStopSignal(const sigset_t& signals) {
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("beacon-core: gRPC tracking service (Track, Subscribe)");
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "main.cc");
  };
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);
  // Debian's Abseil keeps Mutex deadlock detection on, which records a lock graph on every lock:
  // measured at about 3% of the core's CPU under fan-out load. Lock order is fixed by design.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const sigset_t stop_signals = BlockStopSignals();

  beacon::core::TrackerLimits limits;
  limits.max_data_bytes = PositiveFlag(FLAGS_max_data_bytes, "max_data_bytes");
  limits.queue.max_events = PositiveFlag(FLAGS_subscriber_queue_events, "subscriber_queue_events");
  limits.queue.max_bytes = PositiveFlag(FLAGS_subscriber_queue_bytes, "subscriber_queue_bytes");
  limits.queue.max_batch_events = PositiveFlag(FLAGS_batch_max_events, "batch_max_events");
  limits.queue.max_batch_bytes = PositiveFlag(FLAGS_batch_max_bytes, "batch_max_bytes");
  const size_t max_subscriptions = PositiveFlag(FLAGS_max_subscriptions, "max_subscriptions");

  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  auto database = beacon::storage::Database::Open(data_dir);
  if (!database.ok()) {
    std::fprintf(stderr, "beacon-core: %s\n", database.status().ToString().c_str());
    return 1;
  }
  beacon::storage::AccountStore& accounts = (*database)->accounts();
  // A new database starts with the two accounts of the original design.
  const auto seeded = accounts.InitializeOnce({Account{"celtra", true}, Account{"test", false}});
  if (!seeded.ok()) {
    std::fprintf(stderr, "beacon-core: %s\n", seeded.status().ToString().c_str());
    return 1;
  }

  auto seqs = beacon::core::SeqAllocator::Create(
      (*database)->sequence(), PositiveFlag(FLAGS_seq_reserve_block, "seq_reserve_block"));
  if (!seqs.ok()) {
    std::fprintf(stderr, "beacon-core: %s\n", seqs.status().ToString().c_str());
    return 1;
  }
  beacon::core::SubscriptionHub hub(max_subscriptions, **seqs);
  const beacon::core::Tracker tracker(accounts, hub, limits);
  beacon::core::TrackingService service(tracker, hub);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  // Requests up to the data limit plus room for the account id and framing; bigger messages
  // are refused by gRPC itself with RESOURCE_EXHAUSTED before they are parsed.
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::max<size_t>(limits.max_data_bytes + (64 << 10), 4 << 20)));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "beacon-core: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  const std::string host = listen.substr(0, listen.rfind(':'));
  if (*seeded) {
    std::fprintf(stderr, "beacon-core: new database in %s with accounts celtra (active) and test\n",
                 data_dir.c_str());
  }
  // Exactly this line: scripts and test harnesses read the bound port from it.
  std::printf("beacon-core listening on %s:%d\n", host.c_str(), port);
  std::fflush(stdout);

  const int signal_number = WaitForStopSignal(stop_signals);
  std::fprintf(stderr, "beacon-core: %s received, shutting down\n", strsignal(signal_number));
  server->GetHealthCheckService()->SetServingStatus(false);
  hub.CloseAll(absl::UnavailableError("server shutting down"));
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms)));
  server->Wait();
  server.reset();
  database->reset();  // closes RocksDB
  return 0;
}
