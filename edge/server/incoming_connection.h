#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "edge/server/open_connection_count.h"
#include "edge/server/optional_tls_stream.h"

namespace beacon::edge {

// What the edge learnt from a new connection's first request head before choosing who serves it.
struct RequestHead {
  std::string bytes;  // everything read so far: the head, and whatever followed it
  // The head was read and parsed: a GET with a WebSocket upgrade (as websocketpp decides it), its
  // request target and Authorization header. False for anything else, including a head too large
  // or malformed to parse (HttpSession then answers it: 431, 400).
  bool websocket_upgrade = false;
  std::string target;
  std::string authorization;
};

// A client connection from accept until its first request head has been read: it does the TLS
// handshake (on a TLS port) and reads up to the end of the head, then hands the stream over with
// the bytes it read (they are read again by whoever serves it, OptionalTlsStream::Unread). This
// is what lets a WebSocket upgrade wait for the core's verdict without holding the io thread:
// websocketpp only ever sees an upgrade whose Subscribe the core has already accepted or refused.
//
// A client that takes longer than `handshake_timeout` (TLS handshake: a fixed 5 s) is dropped
// without an answer, as websocketpp drops one that is slow to send the rest (slowloris).
//
// Threading: the io thread of the io_context the stream lives on. Lifetime: keeps itself alive
// (std::shared_ptr) until it hands the stream over or drops it.
class IncomingConnection : public std::enable_shared_from_this<IncomingConnection> {
 public:
  // `on_head` runs once on the io thread when the head has been read; not at all when the client
  // went away, failed its TLS handshake or was too slow.
  using OnHead = std::function<void(OptionalTlsStream stream, RequestHead head,
                                    std::unique_ptr<OpenConnectionCount::Token> counted)>;

  static void Start(boost::asio::io_context& io, OptionalTlsStream stream,
                    std::unique_ptr<OpenConnectionCount::Token> counted,
                    absl::Duration handshake_timeout, OnHead on_head);

  IncomingConnection(boost::asio::io_context& io, OptionalTlsStream stream,
                     std::unique_ptr<OpenConnectionCount::Token> counted,
                     absl::Duration handshake_timeout, OnHead on_head);

 private:
  void Handshake();
  void ReadHead();
  void OnRead(size_t bytes_read);
  void HandOver(RequestHead head);
  void StartTimer(absl::Duration timeout);

  OptionalTlsStream stream_;
  std::unique_ptr<OpenConnectionCount::Token> counted_;
  const absl::Duration handshake_timeout_;
  OnHead on_head_;
  boost::asio::steady_timer timer_;
  std::string bytes_;
  bool done_ = false;
};

}  // namespace beacon::edge
