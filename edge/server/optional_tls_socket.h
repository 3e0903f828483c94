#pragma once

// websocketpp headers are not self-contained: the common memory header must come first.
#include <boost/asio/io_context_strand.hpp>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <websocketpp/common/asio.hpp>
#include <websocketpp/common/asio_ssl.hpp>
#include <websocketpp/common/connection_hdl.hpp>
#include <websocketpp/common/memory.hpp>
#include <websocketpp/transport/asio/base.hpp>
#include <websocketpp/transport/asio/security/base.hpp>
#include <websocketpp/transport/base/connection.hpp>
#include <websocketpp/uri.hpp>

#include "edge/server/optional_tls_stream.h"

namespace beacon::edge::optional_tls_socket {

// A socket policy for websocketpp's asio transport (the `socket_type` of a transport config)
// that serves plain TCP or TLS, decided at run time by whether the endpoint was given a TLS
// context. websocketpp offers the two as different policies (basic_socket, tls_socket), which
// makes plain and TLS servers different C++ types; with this policy the edge has one server
// type and every handler stays the same. It follows websocketpp 0.8.2's tls_socket policy
// (transport/asio/security/tls.hpp) for TLS and its basic_socket policy for plain TCP; server
// side only.
//
// Threading: driven by the transport on the io thread (through its strand when it has one).
// Lifetime: a connection's socket lives as long as the websocketpp connection.
class connection : public std::enable_shared_from_this<connection> {
 public:
  typedef connection type;
  typedef std::shared_ptr<type> ptr;
  typedef boost::asio::io_service* io_service_ptr;
  typedef std::shared_ptr<boost::asio::io_service::strand> strand_ptr;
  typedef OptionalTlsStream socket_type;

  ptr get_shared() { return shared_from_this(); }
  bool is_secure() const { return tls_context_ != nullptr; }

  socket_type& get_socket() { return *stream_; }
  boost::asio::ip::tcp::socket& get_next_layer() { return stream_->socket(); }
  boost::asio::ip::tcp::socket& get_raw_socket() { return stream_->socket(); }

  void set_tls_context(std::shared_ptr<boost::asio::ssl::context> context) {
    tls_context_ = std::move(context);
  }

  // Serve `stream`, accepted (and past its TLS handshake, if any) by someone else on this
  // connection's io_context, instead of accepting one: call after the endpoint created the
  // connection and before start().
  void adopt(OptionalTlsStream stream) { stream_.emplace(std::move(stream)); }

  std::string get_remote_endpoint(websocketpp::lib::error_code& ec) const {
    boost::system::error_code asio_ec;
    const boost::asio::ip::tcp::endpoint endpoint = stream_->socket().remote_endpoint(asio_ec);
    std::stringstream text;
    if (asio_ec) {
      ec = websocketpp::transport::asio::error::make_error_code(
          websocketpp::transport::asio::error::pass_through);
      text << "Error getting remote endpoint: " << asio_ec.message();
    } else {
      ec = websocketpp::lib::error_code();
      text << endpoint;
    }
    return text.str();
  }

 protected:
  websocketpp::lib::error_code init_asio(io_service_ptr service, strand_ptr strand,
                                         bool /*is_server*/) {
    stream_.emplace(*service, tls_context_.get());
    strand_ = std::move(strand);
    return websocketpp::lib::error_code();
  }

  void set_uri(websocketpp::uri_ptr) {}

  void pre_init(websocketpp::transport::asio::socket::init_handler callback) {
    callback(websocketpp::lib::error_code());
  }

  // The TLS handshake (server side); bounded by the transport's timeout_socket_post_init.
  void post_init(websocketpp::transport::asio::socket::init_handler callback) {
    if (stream_->handshake_done()) {
      callback(websocketpp::lib::error_code());
      return;
    }
    ec_ = SocketError(websocketpp::transport::asio::socket::error::tls_handshake_timeout);
    auto on_handshake = [self = get_shared(), callback](const boost::system::error_code& ec) {
      self->ec_ =
          ec ? SocketError(websocketpp::transport::asio::socket::error::tls_handshake_failed)
             : websocketpp::lib::error_code();
      callback(self->ec_);
    };
    if (strand_) {
      stream_->tls()->async_handshake(boost::asio::ssl::stream_base::server,
                                      strand_->wrap(std::move(on_handshake)));
    } else {
      stream_->tls()->async_handshake(boost::asio::ssl::stream_base::server,
                                      std::move(on_handshake));
    }
  }

  void set_handle(websocketpp::connection_hdl hdl) { hdl_ = std::move(hdl); }

  websocketpp::lib::error_code get_ec() const { return ec_; }

  boost::system::error_code cancel_socket() {
    boost::system::error_code ec;
    get_raw_socket().cancel(ec);
    return ec;
  }

  void async_shutdown(websocketpp::transport::asio::socket::shutdown_handler callback) {
    if (stream_->tls() == nullptr) {
      boost::system::error_code ec;
      stream_->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
      callback(ec);
    } else if (strand_) {
      stream_->tls()->async_shutdown(strand_->wrap(callback));
    } else {
      stream_->tls()->async_shutdown(callback);
    }
  }

 public:
  template <typename ErrorCodeType>
  static websocketpp::lib::error_code translate_ec(ErrorCodeType ec) {
    if (ec.category() == boost::asio::error::get_ssl_category()) {
      return websocketpp::transport::error::make_error_code(
          websocketpp::transport::error::tls_error);
    }
    return websocketpp::transport::error::make_error_code(
        websocketpp::transport::error::pass_through);
  }
  static websocketpp::lib::error_code translate_ec(websocketpp::lib::error_code ec) { return ec; }

 private:
  static websocketpp::lib::error_code SocketError(
      websocketpp::transport::asio::socket::error::value value) {
    return websocketpp::transport::asio::socket::make_error_code(value);
  }

  std::shared_ptr<boost::asio::ssl::context> tls_context_;
  std::optional<OptionalTlsStream> stream_;
  strand_ptr strand_;
  websocketpp::lib::error_code ec_;
  websocketpp::connection_hdl hdl_;
};

// The endpoint half of the policy: hands every new connection the TLS context, if any.
class endpoint {
 public:
  typedef endpoint type;
  typedef connection socket_con_type;
  typedef socket_con_type::ptr socket_con_ptr;

  bool is_secure() const { return tls_context_ != nullptr; }

  // Call before listening. Null (the default): plain HTTP and WebSocket.
  void set_tls_context(std::shared_ptr<boost::asio::ssl::context> context) {
    tls_context_ = std::move(context);
  }

 protected:
  websocketpp::lib::error_code init(socket_con_ptr connection) {
    connection->set_tls_context(tls_context_);
    return websocketpp::lib::error_code();
  }

 private:
  std::shared_ptr<boost::asio::ssl::context> tls_context_;
};

}  // namespace beacon::edge::optional_tls_socket
