#include "edge/core_connectivity_log.h"

#include <chrono>

#include "observability/log.h"

namespace beacon::edge {

void CoreConnectivityLog::Start() { ScheduleCheck(); }

void CoreConnectivityLog::Stop() {
  stopped_ = true;
  timer_.cancel();
}

void CoreConnectivityLog::ScheduleCheck() {
  if (stopped_) return;
  timer_.expires_after(std::chrono::seconds(1));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    Check();
    ScheduleCheck();
  });
}

void CoreConnectivityLog::Check() {
  const grpc_connectivity_state state = core_.State(/*try_to_connect=*/true);
  if (state == GRPC_CHANNEL_READY && known_ != Known::kConnected) {
    known_ = Known::kConnected;
    observability::LogInfo("core connected");
  } else if ((state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN) &&
             known_ != Known::kUnreachable) {
    known_ = Known::kUnreachable;
    observability::LogWarning("core unreachable", {{"state", ChannelStateName(state)}});
  }
}

}  // namespace beacon::edge
