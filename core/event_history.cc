#include "core/event_history.h"

#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/known_account.h"

namespace beacon::core {

absl::StatusOr<beacon::v1::ListEventsResponse> EventHistory::List(
    const beacon::v1::ListEventsRequest& request) const {
  storage::EventQuery query;
  if (!request.account_id().empty()) {
    if (absl::Status s = RequireKnownAccount(accounts_, request.account_id()); !s.ok()) return s;
    query.account_ids = {request.account_id()};
  }
  if (request.limit() > limits_.max_page_events) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be at most ", limits_.max_page_events));
  }
  query.max_events = request.limit() == 0 ? limits_.default_page_events : request.limit();
  query.max_bytes = limits_.max_page_bytes;
  query.max_examined = limits_.max_examined_per_page;
  query.after = request.since();
  if (!request.page_token().empty()) {
    uint64_t resume_after = 0;
    if (!absl::SimpleAtoi(request.page_token(), &resume_after)) {
      return absl::InvalidArgumentError("page_token is not one this service issued");
    }
    query.after = std::max(query.after, resume_after);
  }
  if (request.until() != 0) query.until = request.until();

  absl::StatusOr<storage::EventPage> page = log_.Read(query);
  if (!page.ok()) return page.status();
  beacon::v1::ListEventsResponse response;
  for (const storage::StoredEvent& event : page->events) *response.add_events() = event.event();
  if (!page->end) response.set_next_page_token(absl::StrCat(page->last_examined));
  response.set_truncated_before(page->truncated_before);
  return response;
}

}  // namespace beacon::core
