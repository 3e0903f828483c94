#include "core/tracker.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/validation.h"

namespace beacon::core {

Tracker::Tracker(const storage::AccountStore& accounts, SubscriptionHub& hub, TrackerLimits limits)
    : accounts_(accounts), hub_(hub), limits_(limits) {}

absl::StatusOr<EventPtr> Tracker::Track(std::string account_id, std::string data) const {
  if (absl::Status s = ValidateAccountId(account_id); !s.ok()) return s;
  if (absl::Status s = ValidateEventData(data, limits_.max_data_bytes); !s.ok()) return s;
  const absl::StatusOr<storage::Account> account = accounts_.Get(account_id);
  if (!account.ok()) return account.status();
  if (!account->active) return absl::FailedPreconditionError("Account is inactive");

  beacon::v1::Event event;
  event.set_account_id(std::move(account_id));
  event.set_timestamp(absl::ToUnixSeconds(absl::Now()));
  event.set_data(std::move(data));
  return hub_.Publish(std::move(event));
}

absl::StatusOr<std::shared_ptr<SubscriptionQueue>> Tracker::NewSubscription(
    std::vector<std::string> account_ids) const {
  std::sort(account_ids.begin(), account_ids.end());
  account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
  for (const std::string& id : account_ids) {
    if (absl::Status s = ValidateAccountId(id); !s.ok()) return s;
    const absl::StatusOr<storage::Account> account = accounts_.Get(id);
    if (absl::IsNotFound(account.status())) {
      return absl::NotFoundError(absl::StrCat("Account not found: ", id));
    }
    if (!account.ok()) return account.status();
  }
  return std::make_shared<SubscriptionQueue>(std::move(account_ids), limits_.queue);
}

}  // namespace beacon::core
