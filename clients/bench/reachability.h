#pragma once

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/bench/host_port.h"
#include "grpcpp/channel.h"

namespace beacon::bench {

// Opens (and closes) one TCP connection to `target`; UnavailableError naming `what` (e.g.
// "beacon-edge") when that fails within `timeout`.
absl::Status CheckTcpReachable(const HostPort& target, absl::string_view what,
                               absl::Duration timeout);

// A channel to beacon-core at `target`, once it has connected; UnavailableError saying so when it
// has not within `timeout`.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectToCore(const HostPort& target,
                                                             absl::Duration timeout);

}  // namespace beacon::bench
