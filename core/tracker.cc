#include "core/tracker.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/known_account.h"
#include "core/validation.h"

namespace beacon::core {

Tracker::Tracker(const storage::AccountStore& accounts, const storage::EventLog& log,
                 SubscriptionHub& hub, EventCommitter& committer, TrackerLimits limits)
    : accounts_(accounts), log_(log), hub_(hub), committer_(committer), limits_(limits) {}

void Tracker::Track(std::string account_id, std::string data, EventCommitter::Done done) const {
  const absl::Status valid = [&] {
    if (absl::Status s = ValidateAccountId(account_id); !s.ok()) return s;
    if (absl::Status s = ValidateEventData(data, limits_.max_data_bytes); !s.ok()) return s;
    const absl::StatusOr<storage::Account> account = accounts_.Get(account_id);
    if (!account.ok()) return account.status();
    if (!account->active) return absl::FailedPreconditionError("Account is inactive");
    return absl::OkStatus();
  }();
  if (!valid.ok()) {
    done(valid);
    return;
  }
  beacon::v1::Event event;
  event.set_account_id(std::move(account_id));
  event.set_timestamp(absl::ToUnixSeconds(absl::Now()));
  event.set_data(std::move(data));
  committer_.Submit(std::move(event), std::move(done));
}

absl::StatusOr<std::unique_ptr<Subscription>> Tracker::NewSubscription(
    std::vector<std::string> account_ids, std::optional<uint64_t> since) const {
  std::sort(account_ids.begin(), account_ids.end());
  account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
  for (const std::string& id : account_ids) {
    if (absl::Status s = RequireKnownAccount(accounts_, id); !s.ok()) return s;
  }
  if (since.has_value()) {
    // A resume point from the future would silently skip the events up to it.
    const uint64_t newest = hub_.last_published();
    if (*since > newest) {
      return absl::OutOfRangeError(
          absl::StrCat("since ", *since, " is ahead of the newest event (seq ", newest, ")"));
    }
  }
  Subscription::Limits limits;
  limits.max_batch_events = limits_.queue.max_batch_events;
  limits.max_batch_bytes = limits_.queue.max_batch_bytes;
  limits.max_examined_per_read = limits_.replay_max_examined;
  return std::make_unique<Subscription>(
      hub_, accounts_, log_, std::make_shared<SubscriptionQueue>(std::move(account_ids), limits_.queue), since,
      limits);
}

}  // namespace beacon::core
