// Helpers shared by the unit tests of the transport-free service logic (core_logic_unit_test):
// events written straight into a real event log, and a subscription consumer the tests can wait
// on. No gRPC anywhere.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/event.h"
#include "core/subscription_hub.h"
#include "core/subscription_queue.h"
#include "gtest/gtest.h"
#include "storage/event_log.h"

namespace beacon::core::testing {

inline EventPtr MakeEvent(uint64_t seq, const std::string& account, const std::string& data,
                          int64_t timestamp = 0) {
  beacon::v1::Event event;
  event.set_seq(seq);
  event.set_account_id(account);
  event.set_timestamp(timestamp);
  event.set_data(data);
  return std::make_shared<const storage::StoredEvent>(std::move(event));
}

// Appends `events` (ascending seqs above every stored one) in one write, as the committer does.
inline void AppendToLog(storage::EventLog& log, const std::vector<EventPtr>& events) {
  const absl::Status status = log.Append(events, /*sync=*/false);
  ASSERT_TRUE(status.ok()) << status;
}

inline std::vector<uint64_t> SeqsOf(const std::vector<EventPtr>& events) {
  std::vector<uint64_t> seqs;
  for (const EventPtr& event : events) seqs.push_back(event->seq());
  return seqs;
}

// A QueueConsumer that only counts how often a producer (the hub, on whatever thread publishes or
// closes) handed it the consumer token. A test that sees the count go up holds the token and may
// call Subscription::Next().
class WaitableConsumer : public QueueConsumer {
 public:
  void Resume() override {
    absl::MutexLock lock(&mu_);
    ++resumed_;
  }
  int resumed() const {
    absl::MutexLock lock(&mu_);
    return resumed_;
  }
  // Waits (polling a condition, not sleeping) until Resume() has run at least `count` times in
  // all; false if that has not happened within 10 s, which only a broken implementation causes.
  bool WaitForResumes(int count) const {
    absl::MutexLock lock(&mu_);
    const auto reached = [this, count]()
                             ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return resumed_ >= count; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(10));
  }

 private:
  mutable absl::Mutex mu_;
  int resumed_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace beacon::core::testing
