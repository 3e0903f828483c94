#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace beacon::edge {

// One client connection's byte stream: a plain TCP socket, or TLS over one, chosen when the
// connection is created. It has the AsyncReadStream / AsyncWriteStream shape websocketpp's asio
// transport reads and writes through, so one server type serves both (see OptionalTlsSocket).
// Bytes that were already read from it (the request head the edge looked at before choosing who
// serves the connection, IncomingConnection) can be put back with Unread(): reads return them
// first.
// Threading: as a tcp::socket (the io thread drives it). Lifetime: owned by its connection.
class OptionalTlsStream {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using TlsStream = boost::asio::ssl::stream<Socket>;
  using executor_type = Socket::executor_type;

  // `tls_context` null: plain TCP. The plain case allocates no TLS state at all.
  OptionalTlsStream(boost::asio::io_context& io, boost::asio::ssl::context* tls_context) {
    if (tls_context != nullptr) {
      tls_ = std::make_unique<TlsStream>(io, *tls_context);
    } else {
      plain_ = std::make_unique<Socket>(io);
    }
  }
  // Over a socket that is already connected (accepted elsewhere).
  OptionalTlsStream(Socket socket, boost::asio::ssl::context* tls_context) {
    if (tls_context != nullptr) {
      tls_ = std::make_unique<TlsStream>(std::move(socket), *tls_context);
    } else {
      plain_ = std::make_unique<Socket>(std::move(socket));
    }
  }

  // The TLS stream, or null for a plain connection.
  TlsStream* tls() { return tls_.get(); }
  // Whether the TLS handshake is done (always true for plain TCP).
  bool handshake_done() const { return !tls_ || tls_handshake_done_; }
  void set_handshake_done() { tls_handshake_done_ = true; }

  // The next reads return `bytes` before anything more from the socket.
  void Unread(std::string bytes) {
    unread_ = std::move(bytes);
    unread_at_ = 0;
  }
  Socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }
  const Socket& socket() const { return tls_ ? tls_->next_layer() : *plain_; }

  executor_type get_executor() { return socket().get_executor(); }

  template <typename MutableBuffers, typename Handler>
  void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    if (unread_at_ < unread_.size()) {
      const size_t n = boost::asio::buffer_copy(
          buffers, boost::asio::buffer(unread_.data() + unread_at_, unread_.size() - unread_at_));
      unread_at_ += n;
      if (unread_at_ == unread_.size()) std::string().swap(unread_);
      // Completions never run inside the initiating call (asio's rule).
      boost::asio::post(get_executor(),
                        [handler = std::decay_t<Handler>(std::forward<Handler>(handler)),
                         n]() mutable { handler(boost::system::error_code(), n); });
      return;
    }
    if (tls_) {
      tls_->async_read_some(buffers, std::forward<Handler>(handler));
    } else {
      plain_->async_read_some(buffers, std::forward<Handler>(handler));
    }
  }

  template <typename ConstBuffers, typename Handler>
  void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_write_some(buffers, std::forward<Handler>(handler));
    } else {
      plain_->async_write_some(buffers, std::forward<Handler>(handler));
    }
  }

 private:
  std::unique_ptr<Socket> plain_;
  std::unique_ptr<TlsStream> tls_;
  bool tls_handshake_done_ = false;
  std::string unread_;
  size_t unread_at_ = 0;
};

}  // namespace beacon::edge
