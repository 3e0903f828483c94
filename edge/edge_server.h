#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "edge/core_client/core_channel.h"
#include "edge/edge_config.h"
#include "edge/edge_metrics.h"
#include "edge/edge_tls.h"
#include "edge/edge_worker.h"
#include "edge/server/open_connection_count.h"
#include "observability/metrics_registry.h"

namespace beacon::edge {

// The edge's one public port: REST and WebSocket upgrades, translated to calls on the core.
// --io_threads EdgeWorkers serve the connections; one acceptor (on worker 0's io thread) takes
// each new connection and hands it to the next worker in turn, where it stays until it closes.
//
// Threading: Run() runs worker 0 on the calling thread and the other workers on threads of their
// own; the acceptor, the signal handling and the shutdown sequence live on worker 0's thread.
// Ready() and the metrics registered in `metrics` (read by the admin server's threads) only read
// atomics and the thread-safe gRPC channel.
// Lifetime: Run() returns only once every call to the core has completed and its completion has
// run, so nothing gRPC calls back into is destroyed while still referenced. `metrics` must
// outlive the server, and whoever scrapes it (the admin server) must stop before the server is
// destroyed: the registry's scrape-time functions read the server's connection count and channel.
class EdgeServer {
 public:
  // `tls` (LoadEdgeTls): the channel credentials towards the core, and the public port's TLS
  // context (null: plain HTTP/WebSocket).
  EdgeServer(EdgeConfig config, EdgeTls tls, observability::MetricsRegistry& metrics);
  EdgeServer(const EdgeServer&) = delete;
  EdgeServer& operator=(const EdgeServer&) = delete;

  // Listens, prints "beacon-edge listening on HOST:PORT" and serves until SIGINT/SIGTERM, then
  // stops listening, closes WebSockets with 1001, lets in-flight calls finish (each is bounded by
  // its deadline) and returns OK. Returns an error only if startup fails.
  absl::Status Run();

  // The admin server's bound address, named in the "listening" log line; before Run().
  void set_admin_address(std::string address) { admin_address_ = std::move(address); }

  // Readiness for the admin server's /readyz; any thread. OK while not shutting down and the
  // channel to the core is READY or the core answers a health check within a second; else
  // UNAVAILABLE saying why. Blocks the calling thread for up to a second while the core is
  // unreachable.
  absl::Status Ready() const;

 private:
  absl::Status Listen();
  void Accept();
  void WaitForSignal();
  void BeginShutdown();
  void OnWorkerDrained();
  void StopAll();
  EdgeWorker& acceptor_worker() { return *workers_.front(); }

  const EdgeConfig config_;
  const EdgeTls tls_;
  EdgeMetrics metrics_;
  const CoreChannel core_;
  const OpenConnectionCount open_connections_;
  // Written on worker 0's thread, read by every worker and by Ready() on the admin threads.
  std::atomic<bool> shutting_down_{false};
  std::vector<std::unique_ptr<EdgeWorker>> workers_;
  // Worker 0's thread only, from here on.
  boost::asio::ip::tcp::acceptor acceptor_;
  size_t next_worker_ = 0;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer shutdown_deadline_;
  size_t workers_draining_ = 0;
  std::string admin_address_;
};

}  // namespace beacon::edge
