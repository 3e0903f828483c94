#pragma once

#include <memory>
#include <string>
#include <vector>

#include "beacon/v1/tracking.grpc.pb.h"
#include "beacon_process.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace beacon::testing {

// A real beacon-core on an ephemeral port with its database in a temporary folder, and a
// gRPC stub connected to it.
class CoreProcess {
 public:
  explicit CoreProcess(std::vector<std::string> extra_flags = {});

  bool Start();
  // Kills the process (SIGKILL, no shutdown) and starts a new one on the same database; the
  // stub then talks to the new one.
  bool KillAndRestart();
  const std::string& data_dir() const { return data_dir_.path(); }
  BeaconProcess& process() { return *process_; }
  beacon::v1::Tracking::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  // Track through a fresh synchronous call.
  grpc::Status Track(const std::string& account, const std::string& data,
                     beacon::v1::TrackResponse* response = nullptr);
  grpc::Status ListEvents(const beacon::v1::ListEventsRequest& request,
                          beacon::v1::ListEventsResponse* response);
  // Every stored event matching `request` (paging with its limit until the end); ADD_FAILURE on
  // an error.
  std::vector<beacon::v1::Event> ListAll(beacon::v1::ListEventsRequest request = {});

 private:
  TempDir data_dir_;
  const std::vector<std::string> args_;
  std::unique_ptr<BeaconProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<beacon::v1::Tracking::Stub> stub_;
};

}  // namespace beacon::testing
