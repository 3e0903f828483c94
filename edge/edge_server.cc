#include "edge/edge_server.h"

#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "edge/api/host_port.h"
#include "edge/server/json_error_response.h"
#include "observability/log.h"

namespace beacon::edge {
namespace {

// How long /readyz waits for the core to answer a health check when the channel is not READY.
constexpr absl::Duration kReadyCheckTimeout = absl::Seconds(1);
// How long a closing WebSocket may wait for the client's close frame (EdgeWorker), for the
// shutdown backstop.
constexpr absl::Duration kCloseHandshakeTimeout = absl::Seconds(2);
// After a failed accept (e.g. out of file descriptors), wait this long before the next.
constexpr std::chrono::milliseconds kAcceptRetryDelay(100);

std::vector<std::unique_ptr<EdgeWorker>> MakeWorkers(const EdgeConfig& config, const EdgeTls& tls,
                                                     const CoreChannel& core, EdgeMetrics& metrics,
                                                     const OpenConnectionCount& connections,
                                                     const std::atomic<bool>& shutting_down) {
  const size_t count = config.io_threads > 0
                           ? config.io_threads
                           : std::max<size_t>(1, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<EdgeWorker>> workers;
  for (size_t i = 0; i < count; ++i) {
    workers.push_back(
        std::make_unique<EdgeWorker>(config, tls, core, metrics, connections, shutting_down));
  }
  return workers;
}

}  // namespace

EdgeServer::EdgeServer(EdgeConfig config, EdgeTls tls, observability::MetricsRegistry& metrics)
    : config_(std::move(config)),
      tls_(std::move(tls)),
      metrics_(metrics),
      core_(config_.core_address, tls_.core_credentials),
      workers_(MakeWorkers(config_, tls_, core_, metrics_, open_connections_, shutting_down_)),
      acceptor_(acceptor_worker().io()),
      signals_(acceptor_worker().io(), SIGINT, SIGTERM),
      shutdown_deadline_(acceptor_worker().io()) {
  metrics.AddGaugeFunction(
      "beacon_edge_connections", "Open client TCP connections (HTTP and WebSocket).", {},
      [&count = open_connections_] { return static_cast<double>(count.current()); });
  metrics.AddGaugeFunction("beacon_edge_core_connected",
                           "1 while the edge's gRPC channel to beacon-core is READY, else 0.", {},
                           [&core = core_] { return core.Connected() ? 1.0 : 0.0; });
}

absl::Status EdgeServer::Ready() const {
  if (shutting_down_.load()) return absl::UnavailableError("shutting down");
  return core_.CheckServing(kReadyCheckTimeout);
}

absl::Status EdgeServer::Run() {
  JsonErrorResponse::SetBodyLimit(config_.max_body_bytes);
  if (absl::Status listening = Listen(); !listening.ok()) return listening;
  core_.StartConnectivityLog();
  WaitForSignal();
  Accept();

  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers_.size(); ++i) {
    threads.emplace_back([&worker = *workers_[i]] { worker.Run(); });
  }
  acceptor_worker().Run();
  for (std::thread& thread : threads) thread.join();

  for (const auto& worker : workers_) {
    if (!worker->drained()) {
      // Calls to the core are still running and would post into an io_context being destroyed.
      std::fflush(nullptr);
      std::_Exit(EXIT_SUCCESS);
    }
  }
  return absl::OkStatus();
}

absl::Status EdgeServer::Listen() {
  const absl::StatusOr<HostPort> address = ParseHostPort(config_.listen_address);
  if (!address.ok()) return address.status();
  boost::system::error_code ec;
  boost::asio::ip::tcp::resolver resolver(acceptor_worker().io());
  const auto endpoints = resolver.resolve(address->host, address->port, ec);
  if (ec || endpoints.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot resolve ", config_.listen_address, ": ", ec.message()));
  }
  const boost::asio::ip::tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config_.listen_address, ": ", ec.message()));
  }
  // The port is bound, so clients can already connect (the kernel queues them), but they are
  // served only once the core is reachable, or the wait is over.
  if (config_.core_startup_wait > absl::ZeroDuration() &&
      !core_.WaitForConnected(config_.core_startup_wait)) {
    observability::LogWarning(
        "core not reachable at start-up; serving anyway (503 until it is)",
        {{"core", config_.core_address},
         {"waited_ms", absl::ToInt64Milliseconds(config_.core_startup_wait)}});
  }
  const boost::asio::ip::tcp::endpoint bound = acceptor_.local_endpoint(ec);
  if (ec) return absl::InternalError(ec.message());
  std::cout << "beacon-edge listening on " << FormatEndpoint(bound) << std::endl;
  observability::LogInfo("listening", {{"address", FormatEndpoint(bound)},
                                       {"core", config_.core_address},
                                       {"tls", tls_.public_context ? "on" : "off"},
                                       {"io_threads", static_cast<uint64_t>(workers_.size())},
                                       {"admin_address", admin_address_}});
  return absl::OkStatus();
}

void EdgeServer::Accept() {
  EdgeWorker& worker = *workers_[next_worker_];
  next_worker_ = (next_worker_ + 1) % workers_.size();
  // The socket is made on the worker's io_context: it is that worker's from the start.
  acceptor_.async_accept(worker.io(), [this, &worker](const boost::system::error_code& ec,
                                                      boost::asio::ip::tcp::socket socket) {
    if (!acceptor_.is_open()) return;  // shutting down
    if (!ec) {
      // Counted from its accept on, so the limit holds however the workers are scheduled.
      worker.Adopt(std::move(socket), open_connections_.Acquire());
      Accept();
      return;
    }
    observability::LogWarning("accepting a connection failed", {{"error", ec.message()}});
    auto retry = std::make_shared<boost::asio::steady_timer>(acceptor_worker().io());
    retry->expires_after(kAcceptRetryDelay);
    retry->async_wait([this, retry](const boost::system::error_code&) {
      if (acceptor_.is_open()) Accept();
    });
  });
}

void EdgeServer::WaitForSignal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int /*signal*/) {
    if (ec) return;  // cancelled once drained
    if (shutting_down_) {
      observability::LogWarning("second signal, exiting without waiting");
      StopAll();
      return;
    }
    WaitForSignal();  // before BeginShutdown, which cancels the wait once drained
    BeginShutdown();
  });
}

void EdgeServer::BeginShutdown() {
  shutting_down_ = true;
  observability::LogInfo("shutting down", {{"io_threads", static_cast<uint64_t>(workers_.size())}});
  boost::system::error_code ignored;
  acceptor_.close(ignored);

  // Every call is bounded by its deadline or was cancelled; this is a backstop.
  const absl::Duration limit = config_.core_deadline + kCloseHandshakeTimeout + absl::Seconds(1);
  shutdown_deadline_.expires_after(absl::ToChronoMilliseconds(limit));
  shutdown_deadline_.async_wait([this](const boost::system::error_code& timer_ec) {
    if (timer_ec) return;
    observability::LogWarning("calls to the core still running at the shutdown deadline; exiting");
    StopAll();
  });
  workers_draining_ = workers_.size();
  for (const auto& worker : workers_) {
    worker->BeginShutdown(
        [this] { boost::asio::post(acceptor_worker().io(), [this] { OnWorkerDrained(); }); });
  }
}

void EdgeServer::OnWorkerDrained() {
  if (--workers_draining_ > 0) return;
  shutdown_deadline_.cancel();
  signals_.cancel();
}

void EdgeServer::StopAll() {
  for (const auto& worker : workers_) worker->io().stop();
}

}  // namespace beacon::edge
