#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::bench {

// A target address. The bench only ever talks to loopback.
struct HostPort {
  std::string host;
  int port = 0;

  std::string ToString() const;
};

// Parses "HOST:PORT" (or "[::1]:PORT"); refuses hosts that are not loopback
// (localhost, 127.0.0.0/8, ::1) so a benchmark can never load a remote machine.
absl::StatusOr<HostPort> ParseLoopbackHostPort(absl::string_view text);

}  // namespace beacon::bench
