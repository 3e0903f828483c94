#include "edge/server/http_session.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "edge/api/error_json.h"
#include "edge/api/rest_route.h"
#include "edge/server/http_reply.h"

namespace beacon::edge {
namespace http = boost::beast::http;

namespace {

constexpr size_t kReadChunkBytes = 16384;
constexpr uint32_t kMaxHeadBytes = 16384;
// After an answer that ends the connection, how long the unread rest of the request is drained.
constexpr absl::Duration kLingerOnClose = absl::Seconds(1);
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

class HttpSession::Exchange final : public HttpExchange {
 public:
  Exchange(std::shared_ptr<HttpSession> session, Request request, HttpRoute route,
           std::chrono::steady_clock::time_point read_at, EdgeMetrics& metrics, bool body_unread)
      : session_(std::move(session)),
        request_(std::move(request)),
        route_(route),
        read_at_(read_at),
        metrics_(metrics),
        body_unread_(body_unread) {}

  absl::string_view method() const override {
    const auto method = request_.method_string();
    return absl::string_view(method.data(), method.size());
  }
  absl::string_view target() const override {
    const auto target = request_.target();
    return absl::string_view(target.data(), target.size());
  }
  absl::string_view header(absl::string_view name) const override {
    const auto it = request_.find(boost::beast::string_view(name.data(), name.size()));
    if (it == request_.end()) return "";
    return absl::string_view(it->value().data(), it->value().size());
  }
  const std::string& body() const override { return request_.body(); }

  void Reply(int status, absl::string_view content_type, std::string body,
             std::vector<Header> headers) override {
    if (replied_) return;
    replied_ = true;
    RecordHttpReply(metrics_, route_, status, body.size(), body, read_at_);
    session_->Respond(status, content_type, std::move(body), headers,
                      /*close_after=*/body_unread_);
    session_.reset();
  }

 private:
  // The session lives at least until its answer is given.
  std::shared_ptr<HttpSession> session_;
  const Request request_;
  const HttpRoute route_;
  const std::chrono::steady_clock::time_point read_at_;
  EdgeMetrics& metrics_;
  // Answered before its body was read (Expect: 100-continue refused): the connection must close.
  const bool body_unread_;
  bool replied_ = false;
};

std::shared_ptr<HttpSession> HttpSession::Start(boost::asio::io_context& io,
                                                OptionalTlsStream stream, std::string already_read,
                                                std::unique_ptr<OpenConnectionCount::Token> counted,
                                                const Settings& settings, EdgeMetrics& metrics,
                                                const std::atomic<bool>& shutting_down,
                                                OnRequest on_request, OnUpgrade on_upgrade) {
  auto session = std::make_shared<HttpSession>(io, std::move(stream), std::move(already_read),
                                               std::move(counted), settings, metrics, shutting_down,
                                               std::move(on_request), std::move(on_upgrade));
  session->NextRequest();
  return session;
}

HttpSession::HttpSession(boost::asio::io_context& io, OptionalTlsStream stream,
                         std::string already_read,
                         std::unique_ptr<OpenConnectionCount::Token> counted,
                         const Settings& settings, EdgeMetrics& metrics,
                         const std::atomic<bool>& shutting_down, OnRequest on_request,
                         OnUpgrade on_upgrade)
    : io_(io),
      stream_(std::move(stream)),
      counted_(std::move(counted)),
      settings_(settings),
      metrics_(metrics),
      shutting_down_(shutting_down),
      on_request_(std::move(on_request)),
      on_upgrade_(std::move(on_upgrade)),
      timer_(io),
      in_(std::move(already_read)) {}

void HttpSession::CloseIfIdle() {
  // kWaiting: nothing of a next request has arrived (the first byte makes it kReading; pipelined
  // bytes skip kWaiting). in_ is not empty then: it is the pending read's buffer.
  if (state_ == State::kWaiting) Close();
}

void HttpSession::NextRequest() {
  parser_.emplace();
  parser_->header_limit(kMaxHeadBytes);
  parser_->body_limit(settings_.max_body_bytes);
  parser_->eager(true);
  parsed_ = 0;
  if (in_.empty()) {
    state_ = State::kWaiting;
    ArmTimer(settings_.idle_timeout);
    ReadMore();
    return;
  }
  state_ = State::kReading;  // pipelined: the next request is (partly) here already
  request_read_at_ = std::chrono::steady_clock::now();
  ArmTimer(settings_.request_timeout);
  Parse();
}

void HttpSession::ReadMore() {
  const size_t old_size = in_.size();
  in_.resize(old_size + kReadChunkBytes);
  stream_.async_read_some(
      boost::asio::buffer(in_.data() + old_size, kReadChunkBytes),
      [self = shared_from_this(), old_size](const boost::system::error_code& ec, size_t n) {
        self->in_.resize(old_size + n);
        if (self->state_ == State::kClosed) return;
        if (self->state_ == State::kClosing) {
          // Draining what the client still sends after an answer that ends the connection.
          if (ec) return self->Close();
          self->in_.clear();
          return self->ReadMore();
        }
        if (ec) return self->Close();
        if (self->state_ == State::kWaiting) {
          self->state_ = State::kReading;
          self->request_read_at_ = std::chrono::steady_clock::now();
          self->ArmTimer(self->settings_.request_timeout);
        }
        self->Parse();
      });
}

void HttpSession::Parse() {
  const bool header_was_done = parser_->is_header_done();
  boost::beast::error_code ec;
  while (!parser_->is_done()) {
    const size_t n =
        parser_->put(boost::asio::buffer(in_.data() + parsed_, in_.size() - parsed_), ec);
    parsed_ += n;
    if (!header_was_done && parser_->is_header_done()) {
      OnHeaderParsed();
      if (state_ != State::kReading) return;  // handed over, or answered already
      return Parse();
    }
    if (ec == http::error::need_more || (!ec && n == 0)) return ReadMore();
    if (ec == http::error::header_limit) return RefuseAndClose(431, "Request headers too large");
    if (ec == http::error::body_limit) {
      return RefuseAndClose(
          413, absl::StrCat("Request body exceeds ", settings_.max_body_bytes, " bytes"));
    }
    if (ec) return RefuseAndClose(400, "Malformed HTTP request");
  }
  Dispatch();
}

void HttpSession::OnHeaderParsed() {
  const Request& request = parser_->get();
  if (boost::beast::websocket::is_upgrade(request)) {
    // websocketpp serves it, reading this request's bytes again (they start in_).
    RequestHead head;
    head.websocket_upgrade = true;
    head.target = std::string(request.target());
    if (const auto it = request.find(http::field::authorization); it != request.end()) {
      head.authorization = std::string(it->value());
    }
    head.bytes = std::move(in_);
    state_ = State::kClosed;
    timer_.cancel();
    on_upgrade_(std::move(stream_), std::move(head), std::move(counted_));
    return;
  }
  const auto expect = request.find(http::field::expect);
  if (expect == request.end() || parser_->is_done() ||
      !absl::EqualsIgnoreCase(absl::string_view(expect->value().data(), expect->value().size()),
                              "100-continue")) {
    return;
  }
  const auto method = request.method_string();
  const auto target = request.target();
  if (!settings_.takes_body(absl::string_view(method.data(), method.size()),
                            absl::string_view(target.data(), target.size()))) {
    Dispatch();  // its answer does not depend on the body; the connection closes after it
    return;
  }
  continue_in_flight_ = true;
  boost::asio::async_write(
      stream_, boost::asio::buffer(kContinue, sizeof kContinue - 1),
      [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
        self->continue_in_flight_ = false;
        if (ec) return self->Close();
        if (self->after_continue_) std::exchange(self->after_continue_, {})();
      });
}

void HttpSession::Dispatch() {
  state_ = State::kAnswering;
  timer_.cancel();  // the handler is bounded by its call's deadline
  const bool body_unread = !parser_->is_done();
  version_ = parser_->get().version();
  keep_alive_ = parser_->get().keep_alive();
  Request request = parser_->release();
  metrics_.received_bytes().Increment(request.body().size());
  const auto target = request.target();
  const HttpRoute route =
      HttpRouteOfPath(SplitTarget(absl::string_view(target.data(), target.size())).path);
  on_request_(std::make_shared<Exchange>(shared_from_this(), std::move(request), route,
                                         request_read_at_, metrics_, body_unread));
}

void HttpSession::Respond(int status, absl::string_view content_type, std::string body,
                          const std::vector<HttpExchange::Header>& headers, bool close_after) {
  if (state_ != State::kAnswering) return;
  auto response = std::make_shared<http::response<http::string_body>>();
  response->version(version_);
  response->result(static_cast<unsigned>(status));
  response->set(http::field::server, "beacon-edge");
  response->set(http::field::content_type,
                boost::beast::string_view(content_type.data(), content_type.size()));
  for (const HttpExchange::Header& header : headers) response->set(header.name, header.value);
  response->body() = std::move(body);
  const bool keep_alive =
      !close_after && keep_alive_ && !shutting_down_ && ++requests_ < settings_.max_requests;
  response->keep_alive(keep_alive);
  response->prepare_payload();
  state_ = State::kWriting;
  if (continue_in_flight_) {
    after_continue_ = [this, response, keep_alive] { WriteResponse(response, keep_alive); };
    return;
  }
  WriteResponse(std::move(response), keep_alive);
}

void HttpSession::WriteResponse(std::shared_ptr<http::response<http::string_body>> response,
                                bool keep_alive) {
  http::async_write(stream_, *response,
                    [self = shared_from_this(), response, keep_alive](
                        const boost::system::error_code& ec, size_t) {
                      if (ec) return self->Close();
                      if (!keep_alive) return self->CloseGracefully();
                      self->in_.erase(0, self->parsed_);
                      self->NextRequest();
                    });
}

void HttpSession::RefuseAndClose(int status, absl::string_view message) {
  state_ = State::kAnswering;
  if (parser_->is_header_done()) version_ = parser_->get().version();
  keep_alive_ = false;
  const std::string body = ErrorJson(message);
  RecordHttpReply(metrics_, HttpRoute::kOther, status, body.size(), body, request_read_at_);
  Respond(status, "application/json", body, {}, /*close_after=*/true);
}

void HttpSession::CloseGracefully() {
  state_ = State::kClosing;
  boost::system::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  ArmTimer(kLingerOnClose);
  in_.clear();
  ReadMore();  // until the client closes too, or the linger time is over
}

void HttpSession::Close() {
  state_ = State::kClosed;
  timer_.cancel();
  boost::system::error_code ignored;
  stream_.socket().close(ignored);
}

void HttpSession::ArmTimer(absl::Duration timeout) {
  timer_.expires_after(absl::ToChronoMilliseconds(timeout));
  timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    const std::shared_ptr<HttpSession> self = weak.lock();
    if (ec || !self) return;
    // Idle too long, too slow to send its request (dropped without an answer, as slowloris
    // defence), or the linger after a final answer is over.
    if (self->state_ != State::kAnswering && self->state_ != State::kWriting) self->Close();
  });
}

}  // namespace beacon::edge
