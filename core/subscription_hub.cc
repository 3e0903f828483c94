#include "core/subscription_hub.h"

#include <utility>

#include "absl/strings/str_cat.h"

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

}  // namespace

absl::StatusOr<EventPtr> SubscriptionHub::Publish(beacon::v1::Event event) {
  std::vector<QueueConsumer*> to_resume;
  EventPtr published;
  {
    absl::MutexLock lock(&mu_);
    const absl::StatusOr<uint64_t> seq = seqs_.Next();
    if (!seq.ok()) return seq.status();
    event.set_seq(*seq);
    published = std::make_shared<const beacon::v1::Event>(std::move(event));
    PushTo(all_accounts_, published, to_resume);
    if (const auto it = by_account_.find(published->account_id()); it != by_account_.end()) {
      PushTo(it->second, published, to_resume);
    }
  }
  for (QueueConsumer* consumer : to_resume) consumer->Resume();
  return published;
}

absl::Status SubscriptionHub::Add(Registration registration) {
  absl::MutexLock lock(&mu_);
  if (closed_) return absl::UnavailableError("server shutting down");
  if (size_ >= max_subscriptions_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("too many subscriptions (limit ", max_subscriptions_, ")"));
  }
  const SubscriptionQueue* key = registration.queue.get();
  if (key->account_ids().empty()) {
    all_accounts_.emplace(key, std::move(registration));
  } else {
    for (const std::string& account : key->account_ids()) {
      by_account_[account].emplace(key, registration);
    }
  }
  ++size_;
  return absl::OkStatus();
}

void SubscriptionHub::Remove(const SubscriptionQueue* queue) {
  absl::MutexLock lock(&mu_);
  bool found = all_accounts_.erase(queue) > 0;
  for (const std::string& account : queue->account_ids()) {
    const auto it = by_account_.find(account);
    if (it == by_account_.end()) continue;
    found |= it->second.erase(queue) > 0;
    if (it->second.empty()) by_account_.erase(it);
  }
  if (found) --size_;
}

size_t SubscriptionHub::CloseAll(const absl::Status& status) {
  Entries open;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    open = all_accounts_;
    for (const auto& [account, entries] : by_account_) open.insert(entries.begin(), entries.end());
  }
  for (const auto& [key, registration] : open) {
    if (registration.queue->Close(status)) registration.consumer->Resume();
  }
  return open.size();
}

size_t SubscriptionHub::size() const {
  absl::MutexLock lock(&mu_);
  return size_;
}

}  // namespace beacon::core
