#include "edge/core_client/core_channel.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "absl/strings/str_cat.h"
#include "edge/core_client/core_connectivity_log.h"

namespace beacon::edge {
namespace {

std::shared_ptr<grpc::Channel> OpenChannel(
    const std::string& core_address, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  // gRPC's default reconnect backoff grows to two minutes; a restarted core should be reached
  // again within about a second.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  // The core bounds its Subscribe batches; a batch above gRPC's 4 MB default must not end a stream.
  args.SetMaxReceiveMessageSize(-1);
  // A fixed flow-control window per stream (gRPC's 64 KiB lookahead) instead of one grown by
  // bandwidth probing: a subscriber whose WebSocket stops draining makes the edge stop reading
  // its stream, and then at most this much of it waits in the edge's gRPC buffers.
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  // Its own connection (a channel of its own subchannel pool), not one shared with the other.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(core_address, credentials, args);
}

}  // namespace

CoreChannel::CoreChannel(const std::string& core_address,
                         const std::shared_ptr<grpc::ChannelCredentials>& credentials)
    : channel_(OpenChannel(core_address, credentials)),
      streams_channel_(OpenChannel(core_address, credentials)),
      tracking_(beacon::v1::Tracking::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)),
      raw_subscribe_(std::make_unique<RawSubscribeStub>(streams_channel_)),
      watcher_([this] { WatchState(); }) {}

CoreChannel::~CoreChannel() {
  stopping_ = true;
  watcher_.join();
}

void CoreChannel::WatchState() {
  CoreConnectivityLog log;
  while (!stopping_) {
    // Connects now rather than on the first call, and again after every failure, so
    // beacon_edge_core_connected and /readyz say whether the core is reachable at all times.
    const grpc_connectivity_state state = channel_->GetState(/*try_to_connect=*/true);
    streams_channel_->GetState(/*try_to_connect=*/true);
    if (state == GRPC_CHANNEL_READY) {
      known_down_ = false;
    } else if (state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN) {
      known_down_ = true;
    }
    if (log_enabled_) log.Observe(state);
    // Returns at once when the state has already moved on, so no transition is missed.
    channel_->WaitForStateChange(state,
                                 std::chrono::system_clock::now() + std::chrono::milliseconds(250));
  }
}

bool CoreChannel::WaitForConnected(absl::Duration timeout) const {
  const auto deadline = absl::ToChronoTime(absl::Now() + timeout);
  return channel_->WaitForConnected(deadline) && streams_channel_->WaitForConnected(deadline);
}

}  // namespace beacon::edge

namespace beacon::edge {

const char* ChannelStateName(grpc_connectivity_state state) {
  switch (state) {
    case GRPC_CHANNEL_IDLE:
      return "IDLE";
    case GRPC_CHANNEL_CONNECTING:
      return "CONNECTING";
    case GRPC_CHANNEL_READY:
      return "READY";
    case GRPC_CHANNEL_TRANSIENT_FAILURE:
      return "TRANSIENT_FAILURE";
    case GRPC_CHANNEL_SHUTDOWN:
      return "SHUTDOWN";
  }
  return "UNKNOWN";
}

grpc_connectivity_state CoreChannel::State(bool try_to_connect) const {
  return channel_->GetState(try_to_connect);
}

bool CoreChannel::Connected() const {
  return channel_->GetState(/*try_to_connect=*/false) == GRPC_CHANNEL_READY;
}

absl::Status CoreChannel::CheckServing(absl::Duration timeout) const {
  if (Connected()) return absl::OkStatus();
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  context.set_wait_for_ready(true);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status =
      health_->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
  if (status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
    return absl::OkStatus();
  }
  if (status.ok()) return absl::UnavailableError("core is not serving");
  return absl::UnavailableError(
      absl::StrCat("core unreachable: channel ",
                   ChannelStateName(channel_->GetState(/*try_to_connect=*/false))));
}

}  // namespace beacon::edge
