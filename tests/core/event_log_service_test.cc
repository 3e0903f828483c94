// beacon-core's durable event log seen from outside: resume, crash safety, retention, ListEvents.
#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "core_process.h"
#include "grpc_subscriber.h"
#include "gtest/gtest.h"
#include "stored_accounts.h"

namespace beacon::testing {
namespace {

using beacon::v1::Event;
using beacon::v1::ListEventsRequest;
using beacon::v1::ListEventsResponse;
using beacon::v1::TrackResponse;

// Producers that Track concurrently and remember every event whose Track returned OK.
// Threading: Start/Join from the test thread; acknowledged() after Join().
class ConcurrentProducers {
 public:
  // `per_thread` events each (0: until Join() or an error); accounts alternate celtra/acme.
  ConcurrentProducers(CoreProcess& core, int threads, int per_thread) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, &core, t, per_thread] {
        for (int i = 0; per_thread == 0 || i < per_thread; ++i) {
          if (stop_.load()) return;
          TrackResponse response;
          const std::string data = "p" + std::to_string(t) + "-" + std::to_string(i);
          if (!core.Track(i % 2 == 0 ? "celtra" : "acme", data, &response).ok()) return;
          absl::MutexLock lock(&mu_);
          acknowledged_.push_back(response.event());
        }
      });
    }
  }
  ~ConcurrentProducers() { Join(); }

  size_t count() const {
    absl::MutexLock lock(&mu_);
    return acknowledged_.size();
  }
  void WaitForAtLeast(size_t count) const {
    absl::MutexLock lock(&mu_);
    const auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return acknowledged_.size() >= count;
    };
    mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(30));
  }
  void Join() {
    stop_.store(true);
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  void JoinWhenDone() {
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  // In seq order.
  std::vector<Event> acknowledged() const {
    absl::MutexLock lock(&mu_);
    std::vector<Event> events = acknowledged_;
    std::sort(events.begin(), events.end(),
              [](const Event& a, const Event& b) { return a.seq() < b.seq(); });
    return events;
  }

 private:
  std::atomic<bool> stop_{false};
  mutable absl::Mutex mu_;
  std::vector<Event> acknowledged_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

std::vector<Event> After(const std::vector<Event>& events, uint64_t since,
                         const std::string& account = "") {
  std::vector<Event> selected;
  for (const Event& event : events) {
    if (event.seq() > since && (account.empty() || event.account_id() == account)) {
      selected.push_back(event);
    }
  }
  return selected;
}

void ExpectSameEvents(const std::vector<Event>& actual, const std::vector<Event>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(actual[i].seq(), expected[i].seq()) << "at " << i;
    ASSERT_EQ(actual[i].account_id(), expected[i].account_id()) << "at " << i;
    ASSERT_EQ(actual[i].data(), expected[i].data()) << "at " << i;
    ASSERT_EQ(actual[i].timestamp(), expected[i].timestamp()) << "at " << i;
  }
}

class EventLogServiceTest : public ::testing::Test {
 protected:
  void StartCore(std::vector<std::string> flags = {}) {
    core_ = std::make_unique<CoreProcess>(std::move(flags));
    ASSERT_TRUE(StoreActiveAccounts(core_->data_dir(), {"acme"}));
    ASSERT_TRUE(core_->Start()) << core_->process().error();
  }

  std::vector<Event> TrackMany(const std::string& account, int count) {
    std::vector<Event> events;
    for (int i = 0; i < count; ++i) {
      TrackResponse response;
      const grpc::Status status = core_->Track(account, "event-" + std::to_string(i), &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      events.push_back(response.event());
    }
    return events;
  }

  std::unique_ptr<CoreProcess> core_;
};

TEST_F(EventLogServiceTest, ResumeHandsOverFromReplayToLiveWithoutGapOrDuplicate) {
  // Small replay batches make the replay take many round trips while producers keep tracking.
  StartCore({"--batch_max_events=16"});
  const std::vector<Event> before = TrackMany("celtra", 200);
  const uint64_t since = before[49].seq();

  ConcurrentProducers producers(*core_, 4, 600);
  producers.WaitForAtLeast(200);
  GrpcSubscriber everything(core_->stub(), {}, since);
  GrpcSubscriber celtra(core_->stub(), {"celtra"}, since);
  ASSERT_TRUE(everything.WaitAccepted());
  ASSERT_TRUE(celtra.WaitAccepted());
  producers.JoinWhenDone();
  ASSERT_EQ(producers.count(), 2400u);

  std::vector<Event> all = before;
  for (const Event& event : producers.acknowledged()) all.push_back(event);
  const std::vector<Event> expected = After(all, since);
  const std::vector<Event> expected_celtra = After(all, since, "celtra");
  ExpectSameEvents(everything.WaitForEvents(expected.size()), expected);
  ExpectSameEvents(celtra.WaitForEvents(expected_celtra.size()), expected_celtra);
  // Nothing more arrives (no duplicate after the last expected event).
  EXPECT_EQ(everything.WaitForEvents(expected.size() + 1, std::chrono::milliseconds(300)).size(),
            expected.size());
  EXPECT_TRUE(everything.truncations().empty());
}

TEST_F(EventLogServiceTest, ResumeFromTheNewestSeqGetsOnlyLiveEventsAndFromTheFutureIsRefused) {
  StartCore();
  const std::vector<Event> tracked = TrackMany("celtra", 5);
  GrpcSubscriber live(core_->stub(), {"celtra"}, tracked.back().seq());
  ASSERT_TRUE(live.WaitAccepted());
  const std::vector<Event> later = TrackMany("celtra", 3);
  ExpectSameEvents(live.WaitForEvents(3), later);

  GrpcSubscriber future(core_->stub(), {}, later.back().seq() + 1);
  const grpc::Status status = future.WaitDone();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_NE(status.error_message().find("ahead of the newest event"), std::string::npos)
      << status.error_message();
}

TEST_F(EventLogServiceTest, KillNineKeepsEveryAcknowledgedEventAndSeqKeepsIncreasing) {
  StartCore();
  ConcurrentProducers producers(*core_, 4, 0);
  producers.WaitForAtLeast(1000);
  core_->process().Kill();  // while the producers are still tracking
  producers.Join();
  const std::vector<Event> acknowledged = producers.acknowledged();
  ASSERT_GE(acknowledged.size(), 1000u);

  ASSERT_TRUE(core_->KillAndRestart()) << core_->process().error();
  const std::vector<Event> stored = core_->ListAll();
  // Stored in strictly increasing seq order; every acknowledged event is there, unchanged.
  for (size_t i = 1; i < stored.size(); ++i) ASSERT_LT(stored[i - 1].seq(), stored[i].seq());
  std::map<uint64_t, const Event*> by_seq;
  for (const Event& event : stored) by_seq[event.seq()] = &event;
  for (const Event& event : acknowledged) {
    const auto it = by_seq.find(event.seq());
    ASSERT_NE(it, by_seq.end()) << "acknowledged event " << event.seq() << " was lost";
    EXPECT_EQ(it->second->data(), event.data());
    EXPECT_EQ(it->second->account_id(), event.account_id());
  }
  TrackResponse next;
  ASSERT_TRUE(core_->Track("celtra", "after restart", &next).ok());
  EXPECT_GT(next.event().seq(), stored.back().seq());
}

TEST_F(EventLogServiceTest, RetentionByCountDeletesExactlyTheOldestAndSaysSo) {
  StartCore({"--retention_max_events=10", "--retention_interval=20ms"});
  const std::vector<Event> tracked = TrackMany("celtra", 40);
  // A fresh core numbers 1, 2, 3...: the newest 10 are kept.
  ASSERT_EQ(tracked.back().seq() - tracked.front().seq(), 39u);
  const std::vector<Event> kept(tracked.end() - 10, tracked.end());

  ListEventsResponse page;
  for (int i = 0; i < 250; ++i) {
    ASSERT_TRUE(core_->ListEvents(ListEventsRequest(), &page).ok());
    if (page.events_size() > 0 && page.events(0).seq() == kept.front().seq()) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(page.truncated_before(), kept.front().seq());
  ExpectSameEvents(std::vector<Event>(page.events().begin(), page.events().end()), kept);

  // A query above what was deleted is not told about it.
  ListEventsRequest recent;
  recent.set_since(kept.front().seq());
  ASSERT_TRUE(core_->ListEvents(recent, &page).ok());
  EXPECT_EQ(page.truncated_before(), 0u);
  EXPECT_EQ(page.events_size(), 9);

  GrpcSubscriber resumed(core_->stub(), {"celtra"}, 0);
  ExpectSameEvents(resumed.WaitForEvents(10), kept);
  ASSERT_EQ(resumed.truncations().size(), 1u);
  EXPECT_EQ(resumed.truncations()[0].first, kept.front().seq());
  EXPECT_EQ(resumed.truncations()[0].second, 0u);  // before any event
}

TEST_F(EventLogServiceTest, RetentionByAgeDeletesOnlyWhatIsOlder) {
  StartCore({"--retention_max_events=0", "--retention_max_age=2s", "--retention_interval=50ms"});
  const std::vector<Event> old_events = TrackMany("celtra", 5);
  // Timestamps are whole seconds: wait until the old ones are more than 2 s old by any rounding.
  while (absl::ToUnixSeconds(absl::Now()) <= old_events.back().timestamp() + 3) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  const std::vector<Event> new_events = TrackMany("celtra", 5);
  std::vector<Event> stored;
  for (int i = 0; i < 100; ++i) {
    stored = core_->ListAll();
    if (!stored.empty() && stored.front().seq() > old_events.back().seq()) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ExpectSameEvents(stored, new_events);
}

TEST_F(EventLogServiceTest, ListEventsPagesByAccountAndSeqRange) {
  StartCore();
  std::vector<Event> all;
  for (int i = 0; i < 30; ++i) {
    const std::vector<Event> one = TrackMany(i % 6 == 0 ? "acme" : "celtra", 1);
    all.push_back(one[0]);
  }
  ListEventsRequest request;
  request.set_limit(7);
  ListEventsResponse first;
  ASSERT_TRUE(core_->ListEvents(request, &first).ok());
  EXPECT_EQ(first.events_size(), 7);
  EXPECT_FALSE(first.next_page_token().empty());
  ExpectSameEvents(core_->ListAll(request), all);

  request.set_account_id("acme");
  ExpectSameEvents(core_->ListAll(request), After(all, 0, "acme"));

  ListEventsRequest range;
  range.set_since(all[9].seq());
  range.set_until(all[19].seq());
  range.set_limit(4);
  ExpectSameEvents(core_->ListAll(range), std::vector<Event>(all.begin() + 10, all.begin() + 20));

  ListEventsResponse ignored;
  ListEventsRequest unknown;
  unknown.set_account_id("nosuchaccount");
  const grpc::Status not_found = core_->ListEvents(unknown, &ignored);
  EXPECT_EQ(not_found.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(not_found.error_message(), "Account not found: nosuchaccount");
  ListEventsRequest too_many;
  too_many.set_limit(1001);
  EXPECT_EQ(core_->ListEvents(too_many, &ignored).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ListEventsRequest bad_token;
  bad_token.set_page_token("not-a-token");
  EXPECT_EQ(core_->ListEvents(bad_token, &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EventLogServiceTest, ListEventsBoundsTheEventsOneCallExamines) {
  // A filter that matches one event in 20: each call looks at most at 5 stored events, so most
  // pages are empty but carry a token, and paging still finds every match.
  StartCore({"--list_max_examined=5"});
  std::vector<Event> all;
  for (int i = 0; i < 40; ++i) {
    all.push_back(TrackMany(i % 20 == 19 ? "acme" : "celtra", 1)[0]);
  }
  ListEventsRequest request;
  request.set_account_id("acme");
  ListEventsResponse page;
  ASSERT_TRUE(core_->ListEvents(request, &page).ok());
  EXPECT_EQ(page.events_size(), 0);
  EXPECT_FALSE(page.next_page_token().empty());
  ExpectSameEvents(core_->ListAll(request), After(all, 0, "acme"));
}

}  // namespace
}  // namespace beacon::testing
