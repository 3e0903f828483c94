#include "clients/bench/rest_poster.h"

#include <boost/asio/write.hpp>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/bench/http_response_head.h"

namespace beacon::bench {

namespace asio = boost::asio;
using asio::ip::tcp;

RestPoster::RestPoster(asio::io_context& io, RestPosterOptions options)
    : options_(std::move(options)), socket_(io), timer_(io) {}

void RestPoster::Post(const std::string& path, const std::string& body, Done done) {
  done_ = std::move(done);
  request_ = absl::StrCat("POST ", path, " HTTP/1.1\r\nHost: ", options_.host,
                          "\r\nContent-Type: application/json\r\nContent-Length: ", body.size(),
                          options_.keep_alive ? "" : "\r\nConnection: close", "\r\n\r\n", body);
  response_.clear();
  in_progress_ = true;
  const uint64_t generation = ++generation_;
  timer_.expires_after(options_.timeout);
  timer_.async_wait([this, generation](const boost::system::error_code& error) {
    if (!error && Current(generation)) Fail("timeout");
  });
  if (connected_ && !ServerClosedWhileIdle()) return Write(generation);
  Disconnect();
  Connect(generation);
}

// A keep-alive server may close a connection while it is idle. Writing a request into such a
// connection fails (or meets a reset), so look before reusing it: a non-blocking peek that
// would block means the connection is open and quiet, as it should be between requests.
bool RestPoster::ServerClosedWhileIdle() {
  char byte = 0;
  boost::system::error_code error;
  socket_.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, error);
  return error != asio::error::would_block;  // eof, an error, or bytes nobody asked for
}

void RestPoster::Connect(uint64_t generation) {
  ++connects_;
  socket_.async_connect(options_.endpoint,
                        [this, generation](const boost::system::error_code& error) {
                          if (!Current(generation)) return;
                          if (error) return Fail(absl::StrCat("connect: ", error.message()));
                          connected_ = true;
                          boost::system::error_code ignored;
                          socket_.non_blocking(true, ignored);  // For ServerClosedWhileIdle.
                          socket_.set_option(tcp::no_delay(true), ignored);
                          Write(generation);
                        });
}

void RestPoster::Write(uint64_t generation) {
  asio::async_write(socket_, asio::buffer(request_),
                    [this, generation](const boost::system::error_code& error, size_t) {
                      if (!Current(generation)) return;
                      if (error) return Fail(absl::StrCat("write: ", error.message()));
                      Read(generation);
                    });
}

void RestPoster::Read(uint64_t generation) {
  socket_.async_read_some(asio::buffer(buffer_),
                          [this, generation](const boost::system::error_code& error, size_t bytes) {
                            if (!Current(generation)) return;
                            response_.append(buffer_.data(), bytes);
                            const bool server_closed = error == asio::error::eof;
                            if (error && !server_closed)
                              return Fail(absl::StrCat("read: ", error.message()));
                            OnResponseBytes(generation, server_closed);
                          });
}

void RestPoster::OnResponseBytes(uint64_t generation, bool server_closed) {
  const absl::StatusOr<std::optional<HttpResponseHead>> parsed = ParseHttpResponseHead(response_);
  if (!parsed.ok()) return Fail(absl::StrCat("bad response: ", parsed.status().message()));
  if (!parsed->has_value()) {
    if (!server_closed) return Read(generation);
    return Fail(response_.empty() ? "closed without response" : "closed mid-response");
  }
  const HttpResponseHead& head = **parsed;
  if (head.chunked) return Fail("chunked response (not supported)");
  const size_t body_bytes = response_.size() - head.head_bytes;
  if (!head.content_length) {
    // No length: the body is everything until the server closes.
    if (!server_closed) return Read(generation);
    return Finish({"", head.status, response_.substr(head.head_bytes)}, /*reusable=*/false);
  }
  if (body_bytes < *head.content_length) {
    if (!server_closed) return Read(generation);
    return Fail("closed mid-response");
  }
  // Bytes beyond the body were never asked for: the connection is out of step, do not reuse it.
  const bool reusable = options_.keep_alive && head.keep_alive && !server_closed &&
                        body_bytes == *head.content_length;
  Finish({"", head.status, response_.substr(head.head_bytes, *head.content_length)}, reusable);
}

void RestPoster::Fail(std::string error) { Finish({std::move(error), 0, ""}, /*reusable=*/false); }

void RestPoster::Finish(RestPostResult result, bool reusable) {
  in_progress_ = false;
  timer_.cancel();
  if (!reusable) Disconnect();
  const Done done = std::move(done_);
  done_ = nullptr;
  done(result);
}

void RestPoster::Disconnect() {
  boost::system::error_code ignored;
  socket_.close(ignored);
  connected_ = false;
}

absl::StatusOr<tcp::endpoint> ResolveTcpEndpoint(const HostPort& target) {
  asio::io_context io;
  tcp::resolver resolver(io);
  boost::system::error_code error;
  const tcp::resolver::results_type results =
      resolver.resolve(target.host, std::to_string(target.port), error);
  if (error || results.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot resolve ", target.ToString(), ": ",
                                               error ? error.message() : "no address"));
  }
  return results.begin()->endpoint();
}

}  // namespace beacon::bench
