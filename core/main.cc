// beacon-core: the gRPC daemon that accepts tracking events and streams them to subscribers.
#include <signal.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/core_config.h"
#include "core/core_storage.h"
#include "core/grpc/core_server.h"
#include "observability/grpc_log.h"
#include "observability/log.h"

namespace {

// The flags' defaults: those of CoreConfig, where each is written once.
const beacon::core::CoreConfig& Defaults() {
  static const auto* const defaults = new beacon::core::CoreConfig();
  return *defaults;
}

}  // namespace

ABSL_FLAG(std::string, listen, Defaults().listen,
          "gRPC listen address HOST:PORT (port 0 picks a free port)");
ABSL_FLAG(std::string, admin_listen, Defaults().admin_listen,
          "HOST:PORT of the admin HTTP server (/metrics in the Prometheus text format, /healthz, "
          "/readyz); empty: none. Plain HTTP: keep it on loopback or a private network.");
ABSL_FLAG(std::string, tls_cert_file, Defaults().tls.cert_file,
          "PEM certificate chain: serve gRPC over TLS (with --tls_key_file); empty: plaintext");
ABSL_FLAG(std::string, tls_key_file, Defaults().tls.key_file, "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, Defaults().tls.client_ca_file,
          "PEM CA certificates: require every client to present a certificate signed by one of "
          "them (mutual TLS); empty: no client certificate asked for");
ABSL_FLAG(std::string, data_dir, Defaults().data_dir,
          "folder of the RocksDB database (created if missing)");
ABSL_FLAG(int64_t, max_data_bytes, Defaults().tracker.max_data_bytes,
          "largest event data accepted by Track; larger data is refused with INVALID_ARGUMENT "
          "(ErrorReason DATA_TOO_LARGE; HTTP 413 through the edge)");
ABSL_FLAG(int64_t, subscriber_queue_events, Defaults().tracker.queue.max_events,
          "events queued for one subscriber before its stream is ended with RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, subscriber_queue_bytes, Defaults().tracker.queue.max_bytes,
          "data bytes queued for one subscriber before its stream is ended with "
          "RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, batch_max_events, Defaults().tracker.queue.max_batch_events,
          "most events in one SubscribeResponse");
ABSL_FLAG(int64_t, batch_max_bytes, Defaults().tracker.queue.max_batch_bytes,
          "most data bytes in one SubscribeResponse (a larger single event goes alone)");
ABSL_FLAG(int64_t, fanout_threads, Defaults().fanout_threads,
          "threads that write newly published events to the Subscribe streams (0: one per hardware "
          "thread); the thread that stores events goes on with the next ones meanwhile");
ABSL_FLAG(absl::Duration, subscribe_linger, Defaults().subscribe_linger,
          "when a stored event wakes many Subscribe streams (32+) less than this after the "
          "previous one did, the new writes wait until this much has passed, so each stream gets "
          "one message with all its events per period instead of one per event (0: never wait)");
ABSL_FLAG(int64_t, max_subscriptions, Defaults().max_subscriptions,
          "open Subscribe streams; beyond it Subscribe fails with RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, seq_reserve_block, Defaults().seq_reserve_block,
          "sequence numbers reserved (one synced RocksDB write) at a time; after a crash seq "
          "continues above the reserved block, skipping at most this many numbers");
ABSL_FLAG(bool, sync_writes, Defaults().commit.sync_writes,
          "fsync the event log on every write: a tracked event then survives a machine crash or "
          "power loss, not only a crash of beacon-core; costs one fsync per group of events");
ABSL_FLAG(int64_t, max_pending_events, Defaults().commit.max_pending_events,
          "accepted events waiting to be stored; beyond it Track fails with RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, max_pending_bytes, Defaults().commit.max_pending_bytes,
          "data bytes of the events waiting to be stored; beyond it Track fails with "
          "RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, commit_group_events, Defaults().commit.max_group_events,
          "most events stored in one RocksDB write");
ABSL_FLAG(int64_t, log_write_buffer_bytes, Defaults().database.events_write_buffer_bytes,
          "RocksDB memtable size of the event log (at most two are held in memory)");
ABSL_FLAG(int64_t, retention_max_events, Defaults().retention.max_events,
          "keep the events whose seq is within this many of the newest; older ones are deleted "
          "in the background (0: no count limit)");
ABSL_FLAG(absl::Duration, retention_max_age, Defaults().retention.max_age,
          "delete events older than this in the background (0: no age limit)");
ABSL_FLAG(absl::Duration, retention_interval, Defaults().retention.interval,
          "how often the retention limits are applied");
ABSL_FLAG(int64_t, replay_max_examined, Defaults().tracker.replay_max_examined,
          "stored events one replay read of a resuming Subscribe examines (bounds the time one "
          "read takes when the filter matches few events)");
ABSL_FLAG(int64_t, list_max_examined, Defaults().history.max_examined_per_page,
          "stored events one ListEvents call examines; a page can then hold fewer events than "
          "asked for, with a next_page_token to read on");
ABSL_FLAG(std::string, admin_token_file, Defaults().admin_token_file,
          "file holding the admin token (Accounts service, reading every account); created with "
          "a new random token, mode 0600, when missing (default: DATA_DIR/admin_token)");
ABSL_FLAG(std::string, subscriber_auth, Defaults().subscriber_auth,
          "off | required: whether Subscribe and ListEvents need the subscriber key of every "
          "account they name (or the admin token)");
ABSL_FLAG(std::string, track_auth, Defaults().track_auth,
          "off | required: whether Track needs the account's subscriber key (or the admin token)");
ABSL_FLAG(int64_t, shutdown_grace_ms, absl::ToInt64Milliseconds(Defaults().shutdown_grace),
          "on SIGINT/SIGTERM, how long calls in flight may take before they are cancelled");

namespace {

// A negative value is passed on (wrapped around) for CoreConfig::Validate() to refuse.
uint64_t Limit(const absl::Flag<int64_t>& flag) {
  return static_cast<uint64_t>(absl::GetFlag(flag));
}

beacon::core::CoreConfig ConfigFromFlags() {
  beacon::core::CoreConfig config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.admin_listen = absl::GetFlag(FLAGS_admin_listen);
  config.tls.cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  config.tls.key_file = absl::GetFlag(FLAGS_tls_key_file);
  config.tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  config.data_dir = absl::GetFlag(FLAGS_data_dir);
  config.admin_token_file = absl::GetFlag(FLAGS_admin_token_file);
  config.subscriber_auth = absl::GetFlag(FLAGS_subscriber_auth);
  config.track_auth = absl::GetFlag(FLAGS_track_auth);
  config.tracker.max_data_bytes = Limit(FLAGS_max_data_bytes);
  config.tracker.queue.max_events = Limit(FLAGS_subscriber_queue_events);
  config.tracker.queue.max_bytes = Limit(FLAGS_subscriber_queue_bytes);
  config.tracker.queue.max_batch_events = Limit(FLAGS_batch_max_events);
  config.tracker.queue.max_batch_bytes = Limit(FLAGS_batch_max_bytes);
  config.tracker.replay_max_examined = Limit(FLAGS_replay_max_examined);
  config.commit.max_pending_events = Limit(FLAGS_max_pending_events);
  config.commit.max_pending_bytes = Limit(FLAGS_max_pending_bytes);
  config.commit.max_group_events = Limit(FLAGS_commit_group_events);
  config.commit.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  config.history.max_examined_per_page = Limit(FLAGS_list_max_examined);
  config.retention.max_events = Limit(FLAGS_retention_max_events);
  config.retention.max_age = absl::GetFlag(FLAGS_retention_max_age);
  config.retention.interval = absl::GetFlag(FLAGS_retention_interval);
  config.database.events_write_buffer_bytes = Limit(FLAGS_log_write_buffer_bytes);
  config.max_subscriptions = Limit(FLAGS_max_subscriptions);
  config.seq_reserve_block = Limit(FLAGS_seq_reserve_block);
  config.fanout_threads = Limit(FLAGS_fanout_threads);
  config.subscribe_linger = absl::GetFlag(FLAGS_subscribe_linger);
  config.shutdown_grace = absl::Milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  return config;
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
    return absl::EndsWith(file, "core/main.cc") || absl::EndsWith(file, "observability/log.cc");
  };
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);
  beacon::observability::RouteGrpcLogsToDebug();
  // Debian's Abseil keeps Mutex deadlock detection on, which records a lock graph on every lock:
  // measured at about 3% of the core's CPU under fan-out load. Lock order is fixed by design.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const sigset_t stop_signals = BlockStopSignals();

  const beacon::core::CoreConfig config = ConfigFromFlags();
  if (const absl::Status valid = config.Validate(); !valid.ok()) {
    beacon::observability::LogError(valid.message());
    return 2;
  }

  const absl::StatusOr<std::unique_ptr<beacon::core::CoreServer>> started =
      beacon::core::CoreServer::Start(config);
  if (!started.ok()) {
    beacon::observability::LogError(started.status().message());
    return 1;
  }
  beacon::core::CoreServer& server = **started;
  if (!server.admin_address().empty()) {
    std::printf("beacon-core admin listening on %s\n", server.admin_address().c_str());
  }
  if (server.seeded_new_database()) {
    beacon::observability::LogInfo(
        absl::StrCat("new database with accounts ", beacon::core::DescribeSeedAccounts()),
        {{"data_dir", config.data_dir}});
  }
  beacon::observability::LogInfo("admin token", {{"file", config.AdminTokenPath()}});
  beacon::observability::LogInfo(
      "serving",
      {{"address", server.address()},
       {"tls", config.tls.cert_file.empty() ? "off" : "on"},
       {"admin_address", server.admin_address().empty() ? "off" : server.admin_address()},
       {"data_dir", config.data_dir}});
  // Exactly this line: scripts and test harnesses read the bound port from it.
  std::printf("beacon-core listening on %s\n", server.address().c_str());
  std::fflush(stdout);

  const int signal_number = WaitForStopSignal(stop_signals);
  beacon::observability::LogInfo(
      absl::StrCat(strsignal(signal_number), " received, shutting down"));
  server.Shutdown();
  beacon::observability::LogInfo("stopped");
  return 0;
}
