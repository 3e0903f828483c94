#include "edge/core_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

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
  return grpc::CreateCustomChannel(core_address, credentials, args);
}

}  // namespace

CoreChannel::CoreChannel(const std::string& core_address,
                         const std::shared_ptr<grpc::ChannelCredentials>& credentials)
    : channel_(OpenChannel(core_address, credentials)),
      tracking_(beacon::v1::Tracking::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)) {}

}  // namespace beacon::edge
