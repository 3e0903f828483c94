#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "observability/metrics_registry.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace beacon::observability {

struct AdminHttpOptions {
  // Threads answering requests; connections beyond `threads + max_queued_connections` wait in
  // the kernel's accept backlog until one is done.
  size_t threads = 2;
  size_t max_queued_connections = 16;
  // A client that sends its request or reads the answer more slowly than this is dropped.
  absl::Duration io_timeout = absl::Seconds(5);
};

// The operator's HTTP endpoint of a daemon (cpp-httplib, plain HTTP, meant for loopback or a
// private network):
//   GET /metrics  the registry in the Prometheus text format
//   GET /healthz  200 while the process serves requests at all (liveness)
//   GET /readyz   200 when `ready` returns OK, else 503 {"error":"<its message>"} (readiness)
// Anything else: 404 or 405 with {"error":"..."}; a request body is never read.
//
// Threading: Start/Stop from one thread; requests are answered on the server's own threads, so
// `ready` and the registry's functions run there. Lifetime: the registry and whatever `ready`
// reads must outlive Stop() (the destructor stops).
class AdminHttpServer {
 public:
  AdminHttpServer(const MetricsRegistry& metrics, std::function<absl::Status()> ready,
                  AdminHttpOptions options = {});
  ~AdminHttpServer();
  AdminHttpServer(const AdminHttpServer&) = delete;
  AdminHttpServer& operator=(const AdminHttpServer&) = delete;

  // Binds `address` ("HOST:PORT", port 0 picks a free one) and serves on a background thread.
  // Returns the bound "HOST:PORT".
  absl::StatusOr<std::string> Start(const std::string& address);
  void Stop();

 private:
  const MetricsRegistry& metrics_;
  const std::function<absl::Status()> ready_;
  const AdminHttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace beacon::observability
