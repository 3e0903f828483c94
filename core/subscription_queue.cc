#include "core/subscription_queue.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"

namespace beacon::core {

SubscriptionQueue::SubscriptionQueue(std::vector<std::string> account_ids, QueueLimits limits)
    : account_ids_(std::move(account_ids)), limits_(limits) {}

SubscriptionQueue::PushResult SubscriptionQueue::Push(EventPtr event) {
  absl::MutexLock lock(&mu_);
  if (close_status_.has_value()) return PushResult::kDropped;
  const size_t bytes = event->data().size();
  if (events_.size() + 1 > limits_.max_events || queued_bytes_ + bytes > limits_.max_bytes) {
    close_status_ = absl::ResourceExhaustedError(
        absl::StrCat("subscriber too slow: more than ", limits_.max_events, " events or ",
                     limits_.max_bytes, " bytes queued; reconnect to continue"));
    events_.clear();
    queued_bytes_ = 0;
  } else {
    events_.push_back(std::move(event));
    queued_bytes_ += bytes;
  }
  if (consumer_ == ConsumerState::kIdle) {
    consumer_ = ConsumerState::kActive;
    return PushResult::kWakeConsumer;
  }
  return close_status_.has_value() ? PushResult::kDropped : PushResult::kQueued;
}

bool SubscriptionQueue::Close(absl::Status status) {
  absl::MutexLock lock(&mu_);
  if (close_status_.has_value()) return false;
  close_status_ = std::move(status);
  events_.clear();
  queued_bytes_ = 0;
  if (consumer_ == ConsumerState::kIdle) {
    consumer_ = ConsumerState::kActive;
    return true;
  }
  return false;
}

bool SubscriptionQueue::closed() const {
  absl::MutexLock lock(&mu_);
  return close_status_.has_value();
}

SubscriptionQueue::Action SubscriptionQueue::Next() {
  absl::MutexLock lock(&mu_);
  if (consumer_ != ConsumerState::kActive) {
    std::fprintf(stderr, "SubscriptionQueue::Next called without holding the consumer token\n");
    std::abort();
  }
  if (close_status_.has_value()) {
    consumer_ = ConsumerState::kFinished;
    return {ActionKind::kFinish, {}, 0, *close_status_};
  }
  if (events_.empty()) {
    consumer_ = ConsumerState::kIdle;
    return {ActionKind::kIdle, {}, 0, absl::OkStatus()};
  }
  std::vector<EventPtr> batch;
  size_t batch_bytes = 0;
  while (!events_.empty() && batch.size() < limits_.max_batch_events) {
    const size_t bytes = events_.front()->data().size();
    if (!batch.empty() && batch_bytes + bytes > limits_.max_batch_bytes) break;
    batch_bytes += bytes;
    queued_bytes_ -= bytes;
    batch.push_back(std::move(events_.front()));
    events_.pop_front();
  }
  return {ActionKind::kWrite, std::move(batch), 0, absl::OkStatus()};
}

}  // namespace beacon::core
