#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "edge/api/http_exchange.h"
#include "edge/edge_metrics.h"
#include "edge/server/incoming_connection.h"
#include "edge/server/open_connection_count.h"
#include "edge/server/optional_tls_stream.h"

namespace beacon::edge {

// One client connection speaking plain HTTP/1.1 (on Boost.Beast's parser): it reads a request,
// hands it to the edge's REST handlers as an HttpExchange, writes their response and, while the
// client wants it (HTTP/1.1 keep-alive, not `Connection: close`), reads the next request on the
// same connection. Requests are answered one at a time in arrival order, so pipelined requests
// get their responses in order. Chunked request bodies are decoded. `Expect: 100-continue` is
// answered with `100 Continue` before the body is read, or at once with the final error when the
// request is refused anyway (a body over the limit, an endpoint that takes no body). A WebSocket
// upgrade arriving on the connection, also after other requests, is handed over with the bytes
// read of it (websocketpp serves WebSockets).
//
// Limits: a request head of at most 16 KiB (431), a body of at most `max_body_bytes` (413, also
// when it is chunked); once a request has begun it must arrive within `request_timeout`, else the
// connection is dropped without an answer (slowloris); a kept-alive connection waits at most
// `idle_timeout` for its next request and carries at most `max_requests` requests. A malformed
// request gets 400. An error that ends the connection is answered, then the connection is closed
// gracefully (the unread rest of the request is drained for a moment, so the client reads the
// answer instead of a reset).
//
// Threading: the io thread of its io_context, for everything. Lifetime: keeps itself alive while
// it has an operation pending or an exchange unanswered; it holds its connection's place in the
// open connection count for as long as it lives.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  struct Settings {
    size_t max_body_bytes;
    absl::Duration request_timeout;
    absl::Duration idle_timeout;
    size_t max_requests;
    // Whether a request with this method and target would read its body (POST /tracking/...):
    // others get their answer without waiting for a body they announced with 100-continue.
    std::function<bool(absl::string_view method, absl::string_view target)> takes_body;
  };
  using OnRequest = std::function<void(HttpExchangePtr)>;
  using OnUpgrade = std::function<void(OptionalTlsStream stream, RequestHead head,
                                       std::unique_ptr<OpenConnectionCount::Token> counted)>;

  // Serves `stream`, whose first bytes `already_read` were read already (by IncomingConnection).
  // `settings`, `metrics` and `shutting_down` must outlive the session.
  static std::shared_ptr<HttpSession> Start(boost::asio::io_context& io, OptionalTlsStream stream,
                                            std::string already_read,
                                            std::unique_ptr<OpenConnectionCount::Token> counted,
                                            const Settings& settings, EdgeMetrics& metrics,
                                            const std::atomic<bool>& shutting_down,
                                            OnRequest on_request, OnUpgrade on_upgrade);

  HttpSession(boost::asio::io_context& io, OptionalTlsStream stream, std::string already_read,
              std::unique_ptr<OpenConnectionCount::Token> counted, const Settings& settings,
              EdgeMetrics& metrics, const std::atomic<bool>& shutting_down, OnRequest on_request,
              OnUpgrade on_upgrade);

  // Closes the connection if it is waiting for its next request (the edge is shutting down);
  // a request being read or answered finishes first, and its response says Connection: close.
  void CloseIfIdle();

 private:
  class Exchange;
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  enum class State { kWaiting, kReading, kAnswering, kWriting, kClosing, kClosed };

  void NextRequest();
  void Parse();
  void ReadMore();
  void OnHeaderParsed();
  void Dispatch();
  void Respond(int status, absl::string_view content_type, std::string body,
               const std::vector<HttpExchange::Header>& headers, bool close_after);
  void WriteResponse(
      std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response,
      bool keep_alive);
  void RefuseAndClose(int status, absl::string_view message);
  void CloseGracefully();
  void Close();
  void ArmTimer(absl::Duration timeout);

  boost::asio::io_context& io_;
  OptionalTlsStream stream_;
  std::unique_ptr<OpenConnectionCount::Token> counted_;
  const Settings& settings_;
  EdgeMetrics& metrics_;
  const std::atomic<bool>& shutting_down_;
  const OnRequest on_request_;
  const OnUpgrade on_upgrade_;
  boost::asio::steady_timer timer_;

  State state_ = State::kWaiting;
  std::string in_;     // read and not yet consumed: the current request, maybe the next ones
  size_t parsed_ = 0;  // bytes of in_ the parser has taken
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  // `100 Continue` is being written; a response waits for it (one write at a time on a stream).
  bool continue_in_flight_ = false;
  std::function<void()> after_continue_;
  // Of the request being answered, kept when it is released to its exchange.
  unsigned version_ = 11;
  bool keep_alive_ = false;
  size_t requests_ = 0;
  std::chrono::steady_clock::time_point request_read_at_;
};

}  // namespace beacon::edge
