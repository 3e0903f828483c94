#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::edge {

struct HostPort {
  std::string host;  // without IPv6 brackets
  std::string port;
};

// Splits "HOST:PORT" or "[IPV6]:PORT". The port must be a number (0 = ephemeral).
absl::StatusOr<HostPort> ParseHostPort(absl::string_view address);

// "127.0.0.1:8082" or "[::1]:8082".
std::string FormatEndpoint(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace beacon::edge
