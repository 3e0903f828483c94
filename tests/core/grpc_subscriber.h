#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace beacon::testing {

// A Subscribe stream held open with gRPC's callback client API, collecting what it receives.
//
// Threading: reactions run on gRPC's threads; the accessors may be called from any thread.
// Lifetime: the destructor cancels the call and waits for it to finish.
class GrpcSubscriber : public grpc::ClientReadReactor<beacon::v1::SubscribeResponse> {
 public:
  // With `since`, the stream resumes after that seq (replay, then live).
  // Each of `bearer_tokens` is sent as one `authorization: Bearer` metadata entry.
  GrpcSubscriber(beacon::v1::Tracking::Stub& stub, std::vector<std::string> account_ids,
                 std::optional<uint64_t> since = std::nullopt,
                 const std::vector<std::string>& bearer_tokens = {});
  ~GrpcSubscriber() override;

  // Waits until the core accepted the stream (initial metadata) or the call ended; true if
  // accepted.
  bool WaitAccepted(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits until at least `count` events arrived; returns what arrived so far.
  std::vector<beacon::v1::Event> WaitForEvents(
      size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits for the end of the call; returns its status (DEADLINE_EXCEEDED if it did not end).
  grpc::Status WaitDone(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  size_t batches() const;
  // Every non-zero truncated_before received, with how many events had arrived before it.
  std::vector<std::pair<uint64_t, size_t>> truncations() const;

  void OnReadInitialMetadataDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  grpc::ClientContext context_;
  beacon::v1::SubscribeRequest request_;
  beacon::v1::SubscribeResponse response_;

  mutable absl::Mutex mu_;
  bool accepted_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  std::vector<beacon::v1::Event> events_ ABSL_GUARDED_BY(mu_);
  size_t batches_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::pair<uint64_t, size_t>> truncations_ ABSL_GUARDED_BY(mu_);
};

}  // namespace beacon::testing
