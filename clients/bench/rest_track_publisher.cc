#include "clients/bench/rest_track_publisher.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace beacon::bench {

namespace asio = boost::asio;

namespace {
constexpr int kIoThreads = 2;
constexpr auto kRequestTimeout = std::chrono::seconds(5);
}  // namespace

struct RestTrackPublisher::Connection {
  Connection(asio::io_context& io, const RestPosterOptions& options)
      : io(io), poster(io, options) {}

  asio::io_context& io;
  RestPoster poster;
};

absl::StatusOr<std::unique_ptr<RestTrackPublisher>> RestTrackPublisher::Create(const HostPort& edge,
                                                                               std::string account,
                                                                               int connections) {
  const absl::StatusOr<asio::ip::tcp::endpoint> endpoint = ResolveTcpEndpoint(edge);
  if (!endpoint.ok()) return endpoint.status();
  RestPosterOptions options;
  options.endpoint = *endpoint;
  options.host = edge.ToString();
  options.keep_alive = true;
  options.timeout = kRequestTimeout;
  return std::unique_ptr<RestTrackPublisher>(
      new RestTrackPublisher(options, std::move(account), std::max(1, connections)));
}

RestTrackPublisher::RestTrackPublisher(const RestPosterOptions& poster_options, std::string account,
                                       int connections)
    : account_(std::move(account)), path_(absl::StrCat("/tracking/", account_)) {
  const int threads = std::min(kIoThreads, connections);
  for (int t = 0; t < threads; ++t) {
    ios_.push_back(std::make_unique<asio::io_context>(1));
    work_guards_.push_back(asio::make_work_guard(*ios_.back()));
  }
  for (int i = 0; i < connections; ++i) {
    connections_.push_back(std::make_unique<Connection>(*ios_[i % threads], poster_options));
  }
  {
    absl::MutexLock lock(&mutex_);
    for (auto it = connections_.rbegin(); it != connections_.rend(); ++it) {
      idle_.push_back(it->get());
    }
  }
  for (auto& io : ios_) threads_.emplace_back([&io] { io->run(); });
}

RestTrackPublisher::~RestTrackPublisher() {
  for (auto& guard : work_guards_) guard.reset();
  for (std::thread& thread : threads_) thread.join();
}

void RestTrackPublisher::Publish(std::string data, Done done) {
  Connection* connection = nullptr;
  {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(
        +[](std::vector<Connection*>* idle) { return !idle->empty(); }, &idle_));
    connection = idle_.back();
    idle_.pop_back();
  }
  std::string body = nlohmann::json{{"data", data}}.dump();
  asio::post(connection->io, [this, connection, data = std::move(data), body = std::move(body),
                              done = std::move(done)]() mutable {
    connection->poster.Post(path_, body,
                            [this, connection, data = std::move(data),
                             done = std::move(done)](const RestPostResult& result) {
                              const std::string error = ErrorOf(result, data);
                              {
                                // Idle again before `done`: the caller may publish again as soon as
                                // it is told.
                                absl::MutexLock lock(&mutex_);
                                idle_.push_back(connection);
                              }
                              done(error);
                            });
  });
}

std::string RestTrackPublisher::ErrorOf(const RestPostResult& result,
                                        const std::string& data) const {
  if (!result.error.empty()) return result.error;
  if (result.status != 200) return absl::StrCat("http ", result.status);
  const nlohmann::json event = nlohmann::json::parse(result.body, nullptr, false);
  auto has = [&event](const char* key, const std::string& expected) {
    const auto field = event.find(key);
    return field != event.end() && field->is_string() &&
           field->get_ref<const std::string&>() == expected;
  };
  if (!event.is_object() || !has("account_id", account_) || !has("data", data)) {
    return "response does not echo the request";
  }
  return "";
}

}  // namespace beacon::bench
