#include "clients/bench/host_port.h"

#include <arpa/inet.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace beacon::bench {

std::string HostPort::ToString() const {
  return host.find(':') != std::string::npos ? absl::StrCat("[", host, "]:", port)
                                             : absl::StrCat(host, ":", port);
}

namespace {

bool IsLoopback(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr address{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  return (ntohl(address.s_addr) >> 24) == 127;
}

}  // namespace

absl::StatusOr<HostPort> ParseLoopbackHostPort(absl::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(absl::StrCat("expected HOST:PORT, got \"", text, "\""));
  }
  HostPort parsed;
  parsed.host = std::string(text.substr(0, colon));
  if (absl::StartsWith(parsed.host, "[") && absl::EndsWith(parsed.host, "]")) {
    parsed.host = parsed.host.substr(1, parsed.host.size() - 2);
  }
  if (!absl::SimpleAtoi(text.substr(colon + 1), &parsed.port) || parsed.port <= 0 ||
      parsed.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad port in \"", text, "\""));
  }
  if (!IsLoopback(parsed.host)) {
    return absl::InvalidArgumentError(absl::StrCat("refusing non-loopback target \"", text,
                                                   "\": beacon-bench only loads ",
                                                   "localhost, 127.0.0.0/8 or ::1"));
  }
  return parsed;
}

}  // namespace beacon::bench
