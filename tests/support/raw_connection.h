#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace beacon::testing {

// A plain TCP connection to 127.0.0.1:PORT, for bytes no well-behaved HTTP client would send.
// Lifetime: the destructor closes the socket.
class RawConnection {
 public:
  // `receive_buffer_bytes` > 0 sets SO_RCVBUF before connecting: a client that stops reading
  // then holds little in its own socket.
  explicit RawConnection(int port, int receive_buffer_bytes = 0);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all of `bytes`; false once the peer closed, reset or stopped reading (5 s).
  bool Send(const std::string& bytes);

  struct Received {
    std::string bytes;
    bool closed_by_peer = false;  // EOF or reset seen before the timeout
  };
  // Reads until the peer ends the connection or `timeout` passes.
  Received ReadUntilClosed(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads until what arrived contains `needle`, the peer ends the connection, or `timeout`
  // passes.
  Received ReadUntilContains(const std::string& needle,
                             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads until `done(what arrived so far)`, the peer ends the connection, or `timeout` passes.
  Received ReadUntil(const std::function<bool(const std::string&)>& done,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  int fd_ = -1;
};

// The status code of an HTTP/1.x response, or 0 when `response` does not start with one.
int HttpStatusOf(const std::string& response);
// What follows the header block of `response`.
std::string HttpBodyOf(const std::string& response);

}  // namespace beacon::testing
