#pragma once

#include <memory>
#include <string>

#include "beacon/v1/tracking.grpc.pb.h"
#include "clients/bench/track_publisher.h"
#include "grpcpp/channel.h"

namespace beacon::bench {

// Publishes by gRPC Track on beacon-core over the callback API; an answer that does not echo
// the request's account and data counts as a failure.
//
// Threading: as TrackPublisher; `done` runs on a gRPC thread. Publish() never blocks: gRPC
// takes any number of calls.
class GrpcTrackPublisher : public TrackPublisher {
 public:
  GrpcTrackPublisher(std::shared_ptr<grpc::Channel> channel, std::string account);

  void Publish(std::string data, Done done) override;

 private:
  struct Call;

  const std::string account_;
  const std::unique_ptr<beacon::v1::Tracking::Stub> stub_;
};

}  // namespace beacon::bench
