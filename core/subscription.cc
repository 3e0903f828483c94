#include "core/subscription.h"

#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/known_account.h"

namespace beacon::core {

Subscription::Subscription(SubscriptionHub& hub, const storage::AccountStore& accounts,
                           const storage::EventLog& log, std::shared_ptr<SubscriptionQueue> queue,
                           std::optional<uint64_t> since, Limits limits)
    : hub_(hub),
      accounts_(accounts),
      log_(log),
      queue_(std::move(queue)),
      limits_(limits),
      catching_up_(since.has_value()),
      cursor_(since.value_or(0)) {}

Subscription::~Subscription() { hub_.Remove(queue_.get()); }

absl::Status Subscription::Start(QueueConsumer* consumer) {
  if (absl::Status added = hub_.Add({queue_, consumer}, /*live=*/!catching_up_).status();
      !added.ok()) {
    return added;
  }
  // AccountAdmin::Delete removes the account, then closes the feeds the hub holds. A feed checked
  // before the removal but added to the hub after the closing is not among them: looking again
  // now that it is in the hub closes the gap.
  for (const std::string& id : queue_->account_ids()) {
    absl::Status known = RequireKnownAccount(accounts_, id);
    if (known.ok()) continue;
    if (absl::IsNotFound(known)) known = absl::NotFoundError(absl::StrCat("Account deleted: ", id));
    if (queue_->Close(std::move(known))) consumer->Resume();
    break;
  }
  return absl::OkStatus();
}

SubscriptionQueue::Action Subscription::Next() {
  if (catching_up_) {
    if (std::optional<SubscriptionQueue::Action> batch = CatchUp(); batch.has_value()) {
      return *std::move(batch);
    }
  }
  return NextLive();
}

SubscriptionQueue::Action Subscription::NextLive() {
  SubscriptionQueue::Action action = queue_->Next();
  if (action.kind == SubscriptionQueue::ActionKind::kFinish) hub_.Remove(queue_.get());
  return action;
}

std::optional<SubscriptionQueue::Action> Subscription::CatchUp() {
  storage::EventQuery query;
  query.account_ids = queue_->account_ids();
  query.max_events = limits_.max_batch_events;
  query.max_bytes = limits_.max_batch_bytes;
  query.max_examined = limits_.max_examined_per_read;
  // Each pass reads one bounded batch; passes repeat only while the filter matches nothing in
  // what was examined.
  while (!queue_->closed()) {
    query.after = cursor_;
    // Only published events: the log may already hold the next group, which the hub is about
    // to hand to the queue of a live subscription.
    query.until = live_from_.value_or(hub_.last_published());
    absl::StatusOr<storage::EventPage> page = log_.Read(query);
    if (!page.ok()) {
      queue_->Close(page.status());
      break;
    }
    cursor_ = page->last_examined;
    if (!page->events.empty() || page->truncated_before != 0) {
      SubscriptionQueue::Action write{
          SubscriptionQueue::ActionKind::kWrite, {}, page->truncated_before, absl::OkStatus()};
      write.batch.reserve(page->events.size());
      for (storage::StoredEvent& event : page->events) {
        write.batch.push_back(std::make_shared<const storage::StoredEvent>(std::move(event)));
      }
      return write;
    }
    if (!page->end) continue;
    if (live_from_.has_value()) break;  // replayed up to where the queue takes over
    // Read up to the newest stored event: go live, then replay what was stored meanwhile.
    const absl::StatusOr<uint64_t> last_published = hub_.GoLive(queue_.get());
    if (!last_published.ok()) {
      queue_->Close(last_published.status());
      break;
    }
    live_from_ = *last_published;
    if (cursor_ >= *last_published) break;
  }
  catching_up_ = false;
  return std::nullopt;
}

}  // namespace beacon::core
