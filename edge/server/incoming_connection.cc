#include "edge/server/incoming_connection.h"

// websocketpp headers are not self-contained: the common memory header must come first.
#include <boost/asio/ssl/stream_base.hpp>
#include <utility>
#include <websocketpp/common/memory.hpp>
#include <websocketpp/http/request.hpp>
#include <websocketpp/processors/processor.hpp>

namespace beacon::edge {
namespace {

constexpr absl::Duration kTlsHandshakeTimeout = absl::Seconds(5);
constexpr size_t kReadChunkBytes = 4096;
// websocketpp refuses larger heads with 431; past this the head is handed over unparsed, so that
// it does.
constexpr size_t kMaxHeadBytes = websocketpp::http::max_header_size + kReadChunkBytes;

// Parses a complete request head the way websocketpp will. False when it does not parse.
bool ParseHead(absl::string_view head, RequestHead& parsed) {
  websocketpp::http::parser::request request;
  try {
    request.consume(head.data(), head.size());
  } catch (const std::exception&) {
    return false;
  }
  parsed.websocket_upgrade =
      request.get_method() == "GET" && websocketpp::processor::is_websocket_handshake(request);
  parsed.target = request.get_uri();
  parsed.authorization = request.get_header("Authorization");
  return true;
}

}  // namespace

void IncomingConnection::Start(boost::asio::io_context& io, OptionalTlsStream stream,
                               std::unique_ptr<OpenConnectionCount::Token> counted,
                               absl::Duration handshake_timeout, OnHead on_head) {
  auto incoming = std::make_shared<IncomingConnection>(io, std::move(stream), std::move(counted),
                                                       handshake_timeout, std::move(on_head));
  if (incoming->stream_.handshake_done()) {
    incoming->StartTimer(handshake_timeout);
    incoming->ReadHead();
  } else {
    incoming->StartTimer(kTlsHandshakeTimeout);
    incoming->Handshake();
  }
}

IncomingConnection::IncomingConnection(boost::asio::io_context& io, OptionalTlsStream stream,
                                       std::unique_ptr<OpenConnectionCount::Token> counted,
                                       absl::Duration handshake_timeout, OnHead on_head)
    : stream_(std::move(stream)),
      counted_(std::move(counted)),
      handshake_timeout_(handshake_timeout),
      on_head_(std::move(on_head)),
      timer_(io) {}

void IncomingConnection::StartTimer(absl::Duration timeout) {
  timer_.expires_after(absl::ToChronoMilliseconds(timeout));
  timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    const std::shared_ptr<IncomingConnection> self = weak.lock();
    if (ec || !self || self->done_) return;
    self->done_ = true;  // too slow: drop it; the pending operation completes with an error
    boost::system::error_code ignored;
    self->stream_.socket().close(ignored);
  });
}

void IncomingConnection::Handshake() {
  stream_.tls()->async_handshake(
      boost::asio::ssl::stream_base::server,
      [self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec || self->done_) return;  // dropped: the last reference goes with this handler
        self->stream_.set_handshake_done();
        self->StartTimer(self->handshake_timeout_);  // the head's own time starts now
        self->ReadHead();
      });
}

void IncomingConnection::ReadHead() {
  const size_t old_size = bytes_.size();
  bytes_.resize(old_size + kReadChunkBytes);
  stream_.async_read_some(
      boost::asio::buffer(bytes_.data() + old_size, kReadChunkBytes),
      [self = shared_from_this(), old_size](const boost::system::error_code& ec, size_t n) {
        self->bytes_.resize(old_size + n);
        if (ec || self->done_) return;  // the client went away or was too slow
        self->OnRead(old_size);
      });
}

void IncomingConnection::OnRead(size_t searched_up_to) {
  const size_t search_from = searched_up_to < 3 ? 0 : searched_up_to - 3;
  const size_t end = bytes_.find("\r\n\r\n", search_from);
  if (end == std::string::npos) {
    if (bytes_.size() >= kMaxHeadBytes) {
      RequestHead too_large;
      too_large.bytes = std::move(bytes_);
      HandOver(std::move(too_large));
      return;
    }
    ReadHead();
    return;
  }
  RequestHead head;
  ParseHead(absl::string_view(bytes_.data(), end + 4), head);
  head.bytes = std::move(bytes_);
  HandOver(std::move(head));
}

void IncomingConnection::HandOver(RequestHead head) {
  done_ = true;
  timer_.cancel();
  on_head_(std::move(stream_), std::move(head), std::move(counted_));
}

}  // namespace beacon::edge
