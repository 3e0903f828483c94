#pragma once

#include <cstddef>

#include "absl/status/statusor.h"
#include "beacon/v1/tracking.pb.h"
#include "storage/account_store.h"
#include "storage/event_log.h"

namespace beacon::core {

struct HistoryLimits {
  size_t default_page_events = 100;
  size_t max_page_events = 1000;
  // Data bytes in one page (at least one event): well under gRPC clients' default 4 MiB receive
  // limit, so a full page always reaches them.
  size_t max_page_bytes = 1 << 20;
  size_t max_examined_per_page = 100000;  // stored events one ListEvents call looks at
};

// Answers ListEvents: pages through the event log by account and seq range. The page token is
// the decimal seq where the previous page stopped reading (opaque to clients).
//
// Threading: thread-safe (reads only). Lifetime: `accounts` and `log` must outlive it.
class EventHistory {
 public:
  EventHistory(const storage::AccountStore& accounts, const storage::EventLog& log,
               HistoryLimits limits)
      : accounts_(accounts), log_(log), limits_(limits) {}

  // Errors: InvalidArgument (limit, page token, malformed account id), NotFound (unknown
  // account), or the storage error.
  absl::StatusOr<beacon::v1::ListEventsResponse> List(
      const beacon::v1::ListEventsRequest& request) const;

 private:
  const storage::AccountStore& accounts_;
  const storage::EventLog& log_;
  const HistoryLimits limits_;
};

}  // namespace beacon::core
