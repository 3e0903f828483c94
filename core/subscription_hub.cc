#include "core/subscription_hub.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/fanout_executor.h"

namespace beacon::core {
namespace {

template <typename Entries>
void PushTo(const Entries& entries, const EventPtr& event, std::vector<QueueConsumer*>& to_resume) {
  for (const auto& [key, registration] : entries) {
    if (registration.queue->Push(event) == SubscriptionQueue::PushResult::kWakeConsumer) {
      to_resume.push_back(registration.consumer);
    }
  }
}

absl::Status ShuttingDown() { return absl::UnavailableError("server shutting down"); }

}  // namespace

void SubscriptionHub::Publish(const std::vector<EventPtr>& events) {
  std::vector<QueueConsumer*> to_resume;
  {
    absl::MutexLock lock(&mu_);
    for (const EventPtr& event : events) {
      PushTo(all_accounts_, event, to_resume);
      if (const auto it = by_account_.find(event->account_id()); it != by_account_.end()) {
        PushTo(it->second, event, to_resume);
      }
      last_published_ = event->seq();
    }
  }
  if (fanout_ != nullptr) {
    fanout_->Resume(to_resume);
  } else {
    for (QueueConsumer* consumer : to_resume) consumer->Resume();
  }
}

absl::StatusOr<uint64_t> SubscriptionHub::Add(Registration registration, bool live) {
  absl::MutexLock lock(&mu_);
  if (closed_) return ShuttingDown();
  if (admitted_.size() >= max_subscriptions_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("too many subscriptions (limit ", max_subscriptions_, ")"));
  }
  const SubscriptionQueue* key = registration.queue.get();
  admitted_.emplace(key, registration);
  if (!live) return last_published_;
  if (key->account_ids().empty()) {
    all_accounts_.emplace(key, std::move(registration));
  } else {
    for (const std::string& account : key->account_ids()) {
      by_account_[account].emplace(key, registration);
    }
  }
  return last_published_;
}

absl::StatusOr<uint64_t> SubscriptionHub::GoLive(const SubscriptionQueue* queue) {
  absl::MutexLock lock(&mu_);
  if (closed_) return ShuttingDown();
  const auto it = admitted_.find(queue);
  if (it == admitted_.end()) {
    return absl::FailedPreconditionError("subscription is not admitted");
  }
  if (queue->account_ids().empty()) {
    all_accounts_.emplace(queue, it->second);
  } else {
    for (const std::string& account : queue->account_ids()) {
      by_account_[account].emplace(queue, it->second);
    }
  }
  return last_published_;
}

void SubscriptionHub::Remove(const SubscriptionQueue* queue) {
  absl::MutexLock lock(&mu_);
  if (admitted_.erase(queue) == 0) return;
  all_accounts_.erase(queue);
  for (const std::string& account : queue->account_ids()) {
    const auto it = by_account_.find(account);
    if (it == by_account_.end()) continue;
    it->second.erase(queue);
    if (it->second.empty()) by_account_.erase(it);
  }
}

size_t SubscriptionHub::CloseAccount(const std::string& account_id, const absl::Status& status) {
  Entries affected;
  {
    absl::MutexLock lock(&mu_);
    // Catching-up subscriptions are admitted but not yet in by_account_: look at all of them.
    for (const auto& [key, registration] : admitted_) {
      const std::vector<std::string>& ids = key->account_ids();
      if (std::find(ids.begin(), ids.end(), account_id) != ids.end()) {
        affected.emplace(key, registration);
      }
    }
  }
  return CloseEach(affected, status);
}

size_t SubscriptionHub::CloseAll(const absl::Status& status) {
  Entries open;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    open = admitted_;
  }
  return CloseEach(open, status);
}

// Outside the mutex: a consumer resumed here may call back into the hub (Remove).
size_t SubscriptionHub::CloseEach(const Entries& entries, const absl::Status& status) {
  for (const auto& [key, registration] : entries) {
    if (registration.queue->Close(status)) registration.consumer->Resume();
  }
  return entries.size();
}

size_t SubscriptionHub::size() const {
  absl::MutexLock lock(&mu_);
  return admitted_.size();
}

uint64_t SubscriptionHub::last_published() const {
  absl::MutexLock lock(&mu_);
  return last_published_;
}

}  // namespace beacon::core
