#include "grpc_subscriber.h"

#include "absl/time/time.h"

namespace beacon::testing {

GrpcSubscriber::GrpcSubscriber(beacon::v1::Tracking::Stub& stub,
                               std::vector<std::string> account_ids, std::optional<uint64_t> since,
                               const std::vector<std::string>& bearer_tokens) {
  for (const std::string& token : bearer_tokens) {
    context_.AddMetadata("authorization", "Bearer " + token);
  }
  for (auto& id : account_ids) request_.add_account_ids(std::move(id));
  if (since.has_value()) request_.set_since(*since);
  stub.async()->Subscribe(&context_, &request_, this);
  StartRead(&response_);
  StartCall();
}

GrpcSubscriber::~GrpcSubscriber() {
  context_.TryCancel();
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&done_));
}

void GrpcSubscriber::OnReadInitialMetadataDone(bool ok) {
  absl::MutexLock lock(&mu_);
  accepted_ = ok;
}

void GrpcSubscriber::OnReadDone(bool ok) {
  if (!ok) return;
  {
    absl::MutexLock lock(&mu_);
    ++batches_;
    if (response_.truncated_before() != 0) {
      truncations_.emplace_back(response_.truncated_before(), events_.size());
    }
    for (const auto& event : response_.events()) events_.push_back(event);
  }
  StartRead(&response_);
}

void GrpcSubscriber::OnDone(const grpc::Status& status) {
  absl::MutexLock lock(&mu_);
  status_ = status;
  done_ = true;
}

bool GrpcSubscriber::WaitAccepted(std::chrono::milliseconds timeout) {
  absl::MutexLock lock(&mu_);
  const auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return accepted_ || done_; };
  mu_.AwaitWithTimeout(absl::Condition(&ready), absl::FromChrono(timeout));
  return accepted_ && !done_;
}

std::vector<beacon::v1::Event> GrpcSubscriber::WaitForEvents(size_t count,
                                                             std::chrono::milliseconds timeout) {
  absl::MutexLock lock(&mu_);
  const auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return events_.size() >= count || done_;
  };
  mu_.AwaitWithTimeout(absl::Condition(&ready), absl::FromChrono(timeout));
  return events_;
}

grpc::Status GrpcSubscriber::WaitDone(std::chrono::milliseconds timeout) {
  absl::MutexLock lock(&mu_);
  if (!mu_.AwaitWithTimeout(absl::Condition(&done_), absl::FromChrono(timeout))) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "stream did not end in time");
  }
  return status_;
}

std::vector<std::pair<uint64_t, size_t>> GrpcSubscriber::truncations() const {
  absl::MutexLock lock(&mu_);
  return truncations_;
}

size_t GrpcSubscriber::batches() const {
  absl::MutexLock lock(&mu_);
  return batches_;
}

}  // namespace beacon::testing
