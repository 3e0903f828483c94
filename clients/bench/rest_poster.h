#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "clients/bench/host_port.h"

namespace beacon::bench {

// What became of one POST.
struct RestPostResult {
  // Why no complete response arrived ("connect: ...", "write: ...", "read: ...", "timeout",
  // "closed without response", ...); empty when one did.
  std::string error;
  int status = 0;  // The response's status code; 0 when `error` is set.
  std::string body;
};

struct RestPosterOptions {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string host;  // The Host header, e.g. "127.0.0.1:8082".
  // true: HTTP/1.1 keep-alive, reusing the connection for as long as the server keeps it open.
  // false: every request asks "Connection: close" and gets a new connection.
  bool keep_alive = true;
  std::chrono::steady_clock::duration timeout = std::chrono::seconds(5);  // Per request.
};

// One HTTP/1.1 client connection that POSTs JSON bodies, one request at a time, asynchronously
// on an asio io_context. It connects on demand and reconnects whenever the previous response
// said "Connection: close", had no length, failed, or the server closed the idle connection.
// A failed POST is reported, never retried: POST is not idempotent.
//
// Threading: Post() and every handler run on the thread running `io`; `done` is called there.
// Lifetime: must outlive the handlers it started, i.e. the io_context must have stopped running
// (or the last `done` returned and the poster is idle) before the poster is destroyed.
class RestPoster {
 public:
  using Done = std::function<void(const RestPostResult& result)>;

  RestPoster(boost::asio::io_context& io, RestPosterOptions options);
  RestPoster(const RestPoster&) = delete;
  RestPoster& operator=(const RestPoster&) = delete;

  // Starts POST `path` with the JSON `body`; `done` runs once the response is complete or the
  // request failed, always from a handler (never from within Post() itself). One request at a
  // time: call the next Post() from `done` or later.
  void Post(const std::string& path, const std::string& body, Done done);

  // TCP connections opened so far (read it on the io thread).
  uint64_t connects() const { return connects_; }

 private:
  bool Current(uint64_t generation) const { return generation == generation_ && in_progress_; }
  bool ServerClosedWhileIdle();
  void Connect(uint64_t generation);
  void Write(uint64_t generation);
  void Read(uint64_t generation);
  void OnResponseBytes(uint64_t generation, bool server_closed);
  void Fail(std::string error);
  void Finish(RestPostResult result, bool reusable);
  void Disconnect();

  const RestPosterOptions options_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  bool connected_ = false;
  bool in_progress_ = false;
  uint64_t generation_ = 0;  // Tells handlers of an earlier, finished request to do nothing.
  uint64_t connects_ = 0;
  std::string request_;
  std::string response_;
  std::array<char, 4096> buffer_{};
  Done done_;
};

// The first address `target` resolves to.
absl::StatusOr<boost::asio::ip::tcp::endpoint> ResolveTcpEndpoint(const HostPort& target);

}  // namespace beacon::bench
