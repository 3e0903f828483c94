#include "edge/core_client/core_connectivity_log.h"

#include "edge/core_client/core_channel.h"
#include "observability/log.h"

namespace beacon::edge {

void CoreConnectivityLog::Observe(grpc_connectivity_state state) {
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
