// beacon-edge: the public HTTP/WebSocket face of Beacon, translating to gRPC calls on beacon-core.

#include <csignal>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "edge/edge_config.h"
#include "edge/edge_server.h"
#include "edge/edge_tls.h"
#include "edge/server/open_file_limit.h"
#include "observability/admin_http_server.h"
#include "observability/grpc_log.h"
#include "observability/log.h"
#include "observability/metrics_registry.h"

namespace {

// Each default is written once, in EdgeConfig; the flags take theirs from here.
const beacon::edge::EdgeConfig& Defaults() {
  static const beacon::edge::EdgeConfig* const defaults = new beacon::edge::EdgeConfig();
  return *defaults;
}

int64_t Ms(absl::Duration duration) { return absl::ToInt64Milliseconds(duration); }

}  // namespace

ABSL_FLAG(std::string, listen, Defaults().listen_address,
          "HOST:PORT serving REST and WebSocket clients; port 0 binds an ephemeral port (the "
          "bound address is printed on stdout). A port in use is a startup error.");
ABSL_FLAG(uint64_t, io_threads, Defaults().io_threads,
          "Threads serving client connections; each connection stays on one of them from accept "
          "to close. 0: one per hardware thread.");
ABSL_FLAG(std::string, core, Defaults().core_address,
          "HOST:PORT of beacon-core's gRPC server; while it is unreachable, POSTs and /healthz get "
          "503, upgrades are refused with 503 and open WebSockets are closed with 1012.");
ABSL_FLAG(std::string, admin_listen, Defaults().admin_listen_address,
          "HOST:PORT of the admin HTTP server: GET /metrics (Prometheus text), /healthz "
          "(liveness), /readyz (200 when the core is reachable and the edge is not shutting "
          "down, else 503). Port 0 binds a free port (printed on stdout); a port in use is a "
          "startup error; empty: no admin server. Plain HTTP: keep it on loopback or a private "
          "network.");
ABSL_FLAG(int64_t, core_deadline_ms, Ms(Defaults().core_deadline),
          "Deadline of every edge->core unary call (Track for POST /tracking, ListEvents for GET "
          "/events); a request whose call passes it gets 503.");
ABSL_FLAG(int64_t, core_startup_wait_ms, Ms(Defaults().core_startup_wait),
          "At start-up, how long the edge waits for its connection to the core before it opens "
          "its port (so that a core starting at the same time is not answered for with 503s); "
          "past it the edge serves anyway and answers 503 until the core is reachable.");
ABSL_FLAG(int64_t, subscribe_accept_timeout_ms, Ms(Defaults().subscribe_accept_timeout),
          "How long a /subscribe upgrade waits for the core to accept the stream; past it the "
          "upgrade is refused with 503.");
ABSL_FLAG(uint64_t, max_body_bytes, Defaults().max_body_bytes,
          "Largest POST body accepted; a larger body is refused with 413 before it is read. The "
          "default fits the core's default --max_data_bytes (64 KiB) even if every data byte is "
          "escaped as \\u00XX: 6 x 64 KiB + 4 KiB. Raise both together.");
ABSL_FLAG(uint64_t, ws_max_buffered_bytes, Defaults().ws_max_buffered_bytes,
          "Unsent bytes of events queued at the edge for one WebSocket subscriber; while that "
          "much waits, the edge stops reading the subscriber's stream from the core (whose own "
          "queue then fills; past its limit the core ends the stream and the subscriber is closed "
          "with 4008 \"slow consumer\").");
ABSL_FLAG(int64_t, ws_send_timeout_ms, Ms(Defaults().ws_send_timeout),
          "A WebSocket subscriber whose socket accepts nothing for this long while events wait "
          "for it is closed with 4008 \"slow consumer\"; the close frame follows the write "
          "already in flight, and the subscriber resumes with since.");
ABSL_FLAG(uint64_t, max_connections, Defaults().max_connections,
          "Client connections open at once; beyond it HTTP requests get 503 and WebSocket "
          "upgrades are refused with 503.");

ABSL_FLAG(int64_t, handshake_timeout_ms, Ms(Defaults().handshake_timeout),
          "Time a client has, once connected (and past its TLS handshake), to send a whole HTTP "
          "request (line, headers, body) or WebSocket upgrade; past it the connection is dropped "
          "without an answer (slowloris).");
ABSL_FLAG(int64_t, http_idle_timeout_ms, Ms(Defaults().http_idle_timeout),
          "How long a kept-alive HTTP connection may wait for its next request before the edge "
          "closes it.");
ABSL_FLAG(uint64_t, http_max_requests_per_connection, Defaults().http_max_requests_per_connection,
          "Requests one HTTP connection carries; the last one's response says Connection: close.");
ABSL_FLAG(int64_t, ws_ping_interval_ms, Ms(Defaults().ws_ping_interval),
          "The edge pings every WebSocket this often (0: never). Quiet subscribers are never "
          "closed for being quiet, only for not answering pings.");
ABSL_FLAG(int64_t, ws_pong_timeout_ms, Ms(Defaults().ws_pong_timeout),
          "A WebSocket that has not answered a ping within this time (at most "
          "--ws_ping_interval_ms) is closed with 1011 \"keepalive ping timeout\".");
ABSL_FLAG(std::string, core_ca_file, "",
          "PEM CA certificate(s) the core's certificate must chain to; enables TLS to the core. "
          "With the wrong CA no call succeeds: requests get 503 and /healthz 503.");
ABSL_FLAG(std::string, core_cert_file, "",
          "PEM client certificate presented to a core that requires one (with --core_key_file "
          "and --core_ca_file).");
ABSL_FLAG(std::string, core_key_file, "", "PEM private key of --core_cert_file.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain for the public port; with --tls_key_file the edge serves only "
          "HTTPS and WSS (TLS 1.2+, no compression). A TLS handshake gets 5 s.");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves POST /tracking/{account_id}, GET /subscribe (WebSocket), GET /events and "
      "GET /healthz, forwarding to beacon-core over gRPC, and GET /: a page that watches events "
      "in a browser.");
  absl::FlagsUsageConfig usage;
  // --help lists the flags of this file (Abseil's default looks for a file named after the binary).
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "edge/main.cc") || absl::EndsWith(file, "observability/log.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);
  beacon::observability::RouteGrpcLogsToDebug();
  std::signal(SIGPIPE, SIG_IGN);
  // Debian's Abseil records a lock graph on every Mutex lock (gRPC's included); the edge's only
  // Mutex is never held while taking another.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  beacon::edge::EdgeConfig config;
  config.listen_address = absl::GetFlag(FLAGS_listen);
  config.core_address = absl::GetFlag(FLAGS_core);
  config.io_threads = absl::GetFlag(FLAGS_io_threads);
  config.admin_listen_address = absl::GetFlag(FLAGS_admin_listen);
  config.core_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_core_deadline_ms));
  config.core_startup_wait = absl::Milliseconds(absl::GetFlag(FLAGS_core_startup_wait_ms));
  config.subscribe_accept_timeout =
      absl::Milliseconds(absl::GetFlag(FLAGS_subscribe_accept_timeout_ms));
  config.max_body_bytes = absl::GetFlag(FLAGS_max_body_bytes);
  config.ws_max_buffered_bytes = absl::GetFlag(FLAGS_ws_max_buffered_bytes);
  config.ws_send_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_ws_send_timeout_ms));
  config.max_connections = absl::GetFlag(FLAGS_max_connections);
  config.handshake_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_handshake_timeout_ms));
  config.http_idle_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_http_idle_timeout_ms));
  config.http_max_requests_per_connection = absl::GetFlag(FLAGS_http_max_requests_per_connection);
  config.ws_ping_interval = absl::Milliseconds(absl::GetFlag(FLAGS_ws_ping_interval_ms));
  config.ws_pong_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_ws_pong_timeout_ms));
  if (const absl::Status valid = beacon::edge::ValidateEdgeConfig(config); !valid.ok()) {
    beacon::observability::LogError(valid.message());
    return 2;
  }
  if (const absl::Status limit = beacon::edge::RaiseOpenFileLimit(config.max_connections);
      !limit.ok()) {
    beacon::observability::LogWarning(limit.message());
  }

  beacon::edge::EdgeTlsFiles tls_files;
  tls_files.core_ca_file = absl::GetFlag(FLAGS_core_ca_file);
  tls_files.core_cert_file = absl::GetFlag(FLAGS_core_cert_file);
  tls_files.core_key_file = absl::GetFlag(FLAGS_core_key_file);
  tls_files.public_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  tls_files.public_key_file = absl::GetFlag(FLAGS_tls_key_file);
  absl::StatusOr<beacon::edge::EdgeTls> tls = beacon::edge::LoadEdgeTls(tls_files);
  if (!tls.ok()) {
    beacon::observability::LogError(tls.status().message());
    return 2;
  }

  const std::string admin_address = config.admin_listen_address;
  // Declared before the server and admin server: both read it until they are gone.
  beacon::observability::MetricsRegistry metrics;
  beacon::edge::EdgeServer server(std::move(config), std::move(*tls), metrics);
  // Declared after the server, so it also stops (destructor) before the server is destroyed on
  // the early returns; it reads the server's atomics and channel.
  std::unique_ptr<beacon::observability::AdminHttpServer> admin;
  if (!admin_address.empty()) {
    admin = std::make_unique<beacon::observability::AdminHttpServer>(
        metrics, [&server] { return server.Ready(); });
    const absl::StatusOr<std::string> bound = admin->Start(admin_address);
    if (!bound.ok()) {
      beacon::observability::LogError(bound.status().message());  // "cannot listen on ..."
      return 1;
    }
    // Exactly this line, before the "listening on" one: test harnesses read the port from it.
    std::cout << "beacon-edge admin listening on " << *bound << std::endl;
    // Logged with the "listening" line: a failure to bind the main port stays one line.
    server.set_admin_address(*bound);
  }
  const absl::Status served = server.Run();
  // Run() returned after draining (or failed to start): nothing moves any more.
  if (admin) admin->Stop();
  if (!served.ok()) {
    beacon::observability::LogError(served.message());
    return 1;
  }
  beacon::observability::LogInfo("stopped");
  return 0;
}
