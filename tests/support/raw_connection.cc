#include "raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <regex>

namespace beacon::testing {

RawConnection::RawConnection(int port, int receive_buffer_bytes) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (receive_buffer_bytes > 0) {
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const timeval send_timeout{5, 0};
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

RawConnection::Received RawConnection::ReadUntilClosed(std::chrono::milliseconds timeout) {
  return ReadUntilContains("", timeout);
}

RawConnection::Received RawConnection::ReadUntilContains(const std::string& needle,
                                                         std::chrono::milliseconds timeout) {
  return ReadUntil(
      [&](const std::string& bytes) {
        return !needle.empty() && bytes.find(needle) != std::string::npos;
      },
      timeout);
}

RawConnection::Received RawConnection::ReadUntil(
    const std::function<bool(const std::string&)>& done, std::chrono::milliseconds timeout) {
  Received received;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return received;
    pollfd readable{fd_, POLLIN, 0};
    if (poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[16384];
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      received.closed_by_peer = true;
      return received;
    }
    received.bytes.append(buffer, static_cast<size_t>(n));
    if (done(received.bytes)) return received;
  }
}

int HttpStatusOf(const std::string& response) {
  static const std::regex status_line(R"(^HTTP/1\.[01] (\d{3}) )");
  std::smatch match;
  if (!std::regex_search(response, match, status_line)) return 0;
  return std::stoi(match[1]);
}

std::string HttpBodyOf(const std::string& response) {
  const auto end_of_headers = response.find("\r\n\r\n");
  return end_of_headers == std::string::npos ? "" : response.substr(end_of_headers + 4);
}

}  // namespace beacon::testing
