#pragma once

#include <memory>
#include <string>
#include <vector>

#include "beacon/v1/tracking.grpc.pb.h"
#include "beacon_process.h"
#include "grpcpp/grpcpp.h"

namespace beacon::testing {

// A real beacon-core on an ephemeral port with its database in a temporary folder, and a
// gRPC stub connected to it.
class CoreProcess {
 public:
  explicit CoreProcess(std::vector<std::string> extra_flags = {});

  bool Start();
  BeaconProcess& process() { return *process_; }
  beacon::v1::Tracking::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  // Track through a fresh synchronous call.
  grpc::Status Track(const std::string& account, const std::string& data,
                     beacon::v1::TrackResponse* response = nullptr);

 private:
  TempDir data_dir_;
  std::unique_ptr<BeaconProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<beacon::v1::Tracking::Stub> stub_;
};

}  // namespace beacon::testing
