// EventRetention against a real event log (RocksDB in a temporary folder). Retention works on its
// own thread, so the tests poll the log's retention mark until it has reached what they expect.
#include "core/event_retention.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "beacon_process.h"
#include "core/event_committer.h"
#include "core/seq_allocator.h"
#include "core/subscription_hub.h"
#include "core_logic_test_util.h"
#include "gtest/gtest.h"
#include "polling.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

using beacon::core::testing::AppendToLog;
using beacon::core::testing::MakeEvent;

class EventRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
  }

  storage::EventLog& log() { return database_->events(); }

  // Stores events `first`..`last`, stamped `timestamp`.
  void Store(uint64_t first, uint64_t last, int64_t timestamp) {
    std::vector<EventPtr> events;
    for (uint64_t seq = first; seq <= last; ++seq) {
      events.push_back(MakeEvent(seq, "celtra", "event-" + std::to_string(seq), timestamp));
    }
    AppendToLog(log(), events);
  }

  static RetentionPolicy Policy(uint64_t max_events, absl::Duration max_age) {
    RetentionPolicy policy;
    policy.max_events = max_events;
    policy.max_age = max_age;
    policy.interval = absl::Milliseconds(1);
    return policy;
  }

  uint64_t DeletedThrough() {
    const absl::StatusOr<uint64_t> deleted = log().DeletedThrough();
    EXPECT_TRUE(deleted.ok()) << deleted.status();
    return deleted.value_or(0);
  }

  // Waits until retention has deleted through `seq` exactly; false if it does not get there (or
  // goes past it).
  bool WaitForDeletedThrough(uint64_t seq) {
    return beacon::testing::PollUntil([&] { return DeletedThrough() == seq; },
                                      std::chrono::seconds(10), std::chrono::milliseconds(1));
  }

  std::vector<uint64_t> StoredSeqs(uint64_t* truncated_before = nullptr) {
    const absl::StatusOr<storage::EventPage> page = log().Read({});
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<uint64_t> seqs;
    if (!page.ok()) return seqs;
    for (const storage::StoredEvent& event : page->events) seqs.push_back(event.seq());
    if (truncated_before != nullptr) *truncated_before = page->truncated_before;
    return seqs;
  }

  static int64_t Now() { return absl::ToUnixSeconds(absl::Now()); }

  beacon::testing::TempDir dir_;
  std::unique_ptr<storage::Database> database_;
};

TEST_F(EventRetentionTest, MaxEventsKeepsThatManyOfTheNewestEvents) {
  Store(1, 10, Now());
  const EventRetention retention(log(), Policy(3, absl::ZeroDuration()));
  ASSERT_TRUE(WaitForDeletedThrough(7)) << DeletedThrough();
  uint64_t truncated_before = 0;
  EXPECT_EQ(StoredSeqs(&truncated_before), (std::vector<uint64_t>{8, 9, 10}));
  EXPECT_EQ(truncated_before, 8u);  // what readers are told about the deleted prefix

  // It keeps working in the background as the log grows.
  Store(11, 12, Now());
  ASSERT_TRUE(WaitForDeletedThrough(9)) << DeletedThrough();
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{10, 11, 12}));
}

TEST_F(EventRetentionTest, MaxEventsCountsSeqsSoGapsKeepFewerEvents) {
  // seq jumps after a restart (the rest of a reserved block is skipped).
  Store(1, 5, Now());
  Store(100, 102, Now());
  const EventRetention retention(log(), Policy(5, absl::ZeroDuration()));
  ASSERT_TRUE(WaitForDeletedThrough(97)) << DeletedThrough();
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{100, 101, 102}));  // at most 5 kept
}

TEST_F(EventRetentionTest, MaxAgeDeletesEventsStampedLongerAgo) {
  Store(1, 4, Now() - 2 * 3600);
  Store(5, 6, Now());
  const EventRetention retention(log(), Policy(0, absl::Hours(1)));
  ASSERT_TRUE(WaitForDeletedThrough(4)) << DeletedThrough();
  uint64_t truncated_before = 0;
  EXPECT_EQ(StoredSeqs(&truncated_before), (std::vector<uint64_t>{5, 6}));
  EXPECT_EQ(truncated_before, 5u);
}

TEST_F(EventRetentionTest, MaxAgeDeletesOnlyThePrefixBeforeTheFirstRecentEvent) {
  // One range delete per round: an old stamp after a recent one (the clock went back) stays.
  Store(1, 2, Now() - 2 * 3600);
  Store(3, 3, Now());
  Store(4, 4, Now() - 2 * 3600);
  const EventRetention retention(log(), Policy(0, absl::Hours(1)));
  ASSERT_TRUE(WaitForDeletedThrough(2)) << DeletedThrough();
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{3, 4}));
}

TEST_F(EventRetentionTest, WithBothLimitsTheCountCanDeleteFurther) {
  Store(1, 3, Now() - 2 * 3600);
  Store(4, 10, Now());
  const EventRetention retention(log(), Policy(5, absl::Hours(1)));
  ASSERT_TRUE(WaitForDeletedThrough(5)) << DeletedThrough();
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{6, 7, 8, 9, 10}));
}

TEST_F(EventRetentionTest, WithBothLimitsTheAgeCanDeleteFurther) {
  Store(1, 8, Now() - 2 * 3600);
  Store(9, 10, Now());
  const EventRetention retention(log(), Policy(5, absl::Hours(1)));
  ASSERT_TRUE(WaitForDeletedThrough(8)) << DeletedThrough();
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{9, 10}));
}

TEST_F(EventRetentionTest, EventsCommittedWhileRetentionRunsAreStoredAndTheNewestKept) {
  auto seqs = SeqAllocator::Create(database_->sequence(), 1000);
  ASSERT_TRUE(seqs.ok()) << seqs.status();
  SubscriptionHub hub(10, 0);
  EventCommitter committer(log(), **seqs, hub, {});
  const EventRetention retention(log(), Policy(2, absl::ZeroDuration()));
  for (int i = 1; i <= 20; ++i) {
    beacon::v1::Event event;
    event.set_account_id("celtra");
    event.set_timestamp(Now());
    event.set_data("e" + std::to_string(i));
    absl::Notification done;
    absl::StatusOr<EventPtr> result;
    committer.Submit(std::move(event), [&](absl::StatusOr<EventPtr> r) {
      result = std::move(r);
      done.Notify();
    });
    done.WaitForNotification();
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ((*result)->seq(), static_cast<uint64_t>(i));
  }
  ASSERT_TRUE(WaitForDeletedThrough(18)) << DeletedThrough();
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{19, 20}));
  committer.Stop();
}

TEST_F(EventRetentionTest, DestructorStopsTheThreadWithoutWaitingForTheInterval) {
  Store(1, 3, Now());
  RetentionPolicy policy = Policy(1, absl::ZeroDuration());
  policy.interval = absl::Hours(1);
  // Would hang here for an hour if the destructor waited for the next round.
  { const EventRetention retention(log(), policy); }
  // The log is still usable, and the newest event is never deleted by a count limit.
  const std::vector<uint64_t> stored = StoredSeqs();
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.back(), 3u);
}

}  // namespace
}  // namespace beacon::core
