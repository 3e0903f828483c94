#include "observability/admin_http_server.h"

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace beacon::observability {
namespace {

// Requests are answered before any body is read; a body is never needed.
constexpr size_t kMaxRequestBodyBytes = 4096;

std::string ErrorJson(absl::string_view message) {
  return nlohmann::json{{"error", std::string(message)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// httplib's own ThreadPool queues accepted connections without limit; this one makes the
// accepting thread wait while `max_queued` connections are already waiting for a worker.
class BoundedThreadPool : public httplib::TaskQueue {
 public:
  BoundedThreadPool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }

  void enqueue(std::function<void()> task) override {
    std::unique_lock<std::mutex> lock(mutex_);
    has_room_.wait(lock, [this] { return tasks_.size() < max_queued_; });
    tasks_.push_back(std::move(task));
    has_task_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutting_down_ = true;
    }
    has_task_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        has_task_.wait(lock, [this] { return !tasks_.empty() || shutting_down_; });
        if (tasks_.empty()) return;  // shutting down with nothing left to answer
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      has_room_.notify_one();
      task();
    }
  }

  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable has_task_;
  std::condition_variable has_room_;
  std::deque<std::function<void()>> tasks_;
  bool shutting_down_ = false;
  std::vector<std::thread> workers_;
};

void Answer(httplib::Response& response, int status, const std::string& body,
            const char* content_type) {
  response.status = status;
  response.set_content(body, content_type);
}

}  // namespace

AdminHttpServer::AdminHttpServer(const MetricsRegistry& metrics,
                                 std::function<absl::Status()> ready, AdminHttpOptions options)
    : metrics_(metrics), ready_(std::move(ready)), options_(options) {}

AdminHttpServer::~AdminHttpServer() { Stop(); }

absl::StatusOr<std::string> AdminHttpServer::Start(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("admin address must be HOST:PORT (got \"", address, "\")"));
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }

  server_ = std::make_unique<httplib::Server>();
  const AdminHttpOptions options = options_;
  server_->new_task_queue = [options] {
    return new BoundedThreadPool(options.threads, options.max_queued_connections);
  };
  const auto timeout = absl::ToChronoMicroseconds(options_.io_timeout);
  server_->set_read_timeout(timeout);
  server_->set_write_timeout(timeout);
  // One request per connection: a client idling in keep-alive would hold one of the few threads.
  server_->set_keep_alive_max_count(1);
  server_->set_payload_max_length(kMaxRequestBodyBytes);
  // httplib's default sets SO_REUSEPORT, which would let a second process bind the same port
  // and take half the scrapes; SO_REUSEADDR alone still allows a quick restart.
  server_->set_socket_options([](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_->set_pre_routing_handler([this](const httplib::Request& request,
                                          httplib::Response& response) {
    const bool known =
        request.path == "/metrics" || request.path == "/healthz" || request.path == "/readyz";
    if (!known) {
      Answer(response, 404, ErrorJson("Not found"), "application/json");
    } else if (request.method != "GET" && request.method != "HEAD") {
      Answer(response, 405, ErrorJson("Method not allowed; use GET"), "application/json");
      response.set_header("Allow", "GET, HEAD");
    } else if (request.path == "/metrics") {
      Answer(response, 200, metrics_.PrometheusText(), "text/plain; version=0.0.4; charset=utf-8");
    } else if (request.path == "/healthz") {
      Answer(response, 200, "{\"status\":\"ok\"}", "application/json");
    } else if (const absl::Status ready = ready_(); ready.ok()) {
      Answer(response, 200, "{\"status\":\"ready\"}", "application/json");
    } else {
      Answer(response, 503, ErrorJson(ready.message()), "application/json");
    }
    return httplib::Server::HandlerResponse::Handled;
  });

  const int bound =
      port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address, " (admin HTTP)"));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing until the accept loop runs; without this wait a Stop() right
  // after Start() would leave the thread listening forever.
  for (int waited_ms = 0; !server_->is_running(); ++waited_ms) {
    if (waited_ms == 5000) {
      Stop();
      return absl::InternalError(absl::StrCat("admin HTTP server on ", address, " did not start"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const bool ipv6 = host.find(':') != std::string::npos;
  return ipv6 ? absl::StrCat("[", host, "]:", bound) : absl::StrCat(host, ":", bound);
}

void AdminHttpServer::Stop() {
  if (server_ == nullptr) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace beacon::observability
