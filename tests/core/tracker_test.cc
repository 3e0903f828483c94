// Tracker against a real database (RocksDB in a temporary folder), a real committer and hub.
#include "core/tracker.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "beacon/v1/error_reason.h"
#include "beacon_process.h"
#include "core/seq_allocator.h"
#include "core_logic_test_util.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

using beacon::core::testing::WaitableConsumer;
using Kind = SubscriptionQueue::ActionKind;

// What a Track call answered, and whether it answered before Track() returned.
struct TrackResult {
  absl::StatusOr<EventPtr> result = absl::UnknownError("not answered");
  bool answered_inline = false;
  int answers = 0;
};

class TrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    for (const storage::Account& account :
         {storage::Account{"celtra", true, ""}, storage::Account{"acme", true, ""},
          storage::Account{"zeta", true, ""}, storage::Account{"dormant", false, ""}}) {
      ASSERT_TRUE(database_->accounts().Create(account).ok());
    }
    auto seqs = SeqAllocator::Create(database_->sequence(), 1000);
    ASSERT_TRUE(seqs.ok()) << seqs.status();
    seqs_ = *std::move(seqs);
  }

  void Build(TrackerLimits limits = {}, CommitLimits commit = {}) {
    committer_ = std::make_unique<EventCommitter>(database_->events(), *seqs_, hub_, commit);
    tracker_ = std::make_unique<Tracker>(database_->accounts(), database_->events(), hub_,
                                         *committer_, limits);
  }

  // Tracks and waits for the answer (the committer answers on its own thread).
  TrackResult Track(const std::string& account, const std::string& data) {
    struct Shared {
      absl::Notification done;
      absl::StatusOr<EventPtr> result;
      int answers = 0;
    };
    auto shared = std::make_shared<Shared>();
    tracker_->Track(account, data, [shared](absl::StatusOr<EventPtr> result) {
      shared->result = std::move(result);
      ++shared->answers;
      shared->done.Notify();
    });
    TrackResult out;
    out.answered_inline = shared->done.HasBeenNotified();
    if (!shared->done.WaitForNotificationWithTimeout(absl::Seconds(10))) {
      out.result = absl::DeadlineExceededError("Track never answered");
      return out;
    }
    out.result = shared->result;
    out.answers = shared->answers;
    return out;
  }

  std::vector<uint64_t> StoredSeqs() {
    const absl::StatusOr<storage::EventPage> page = database_->events().Read({});
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<uint64_t> seqs;
    if (page.ok()) {
      for (const storage::StoredEvent& event : page->events) seqs.push_back(event.seq());
    }
    return seqs;
  }

  // Token holder only: the seqs of every batch the feed hands out until it has nothing to do
  // (or finishes); `last` says which.
  static std::vector<std::vector<uint64_t>> Drain(Subscription& subscription,
                                                  Kind* last = nullptr) {
    std::vector<std::vector<uint64_t>> batches;
    for (int i = 0; i < 1000; ++i) {
      SubscriptionQueue::Action action = subscription.Next();
      if (action.kind != Kind::kWrite) {
        if (last != nullptr) *last = action.kind;
        return batches;
      }
      batches.push_back(testing::SeqsOf(action.batch));
    }
    ADD_FAILURE() << "the feed never went idle";
    return batches;
  }

  std::unique_ptr<Subscription> Subscribe(std::vector<std::string> accounts,
                                          std::optional<uint64_t> since, QueueConsumer& consumer) {
    absl::StatusOr<std::unique_ptr<Subscription>> subscription =
        tracker_->NewSubscription(std::move(accounts), since);
    EXPECT_TRUE(subscription.ok()) << subscription.status();
    if (!subscription.ok()) return nullptr;
    const absl::Status started = (*subscription)->Start(&consumer);
    EXPECT_TRUE(started.ok()) << started;
    return *std::move(subscription);
  }

  beacon::testing::TempDir dir_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<SeqAllocator> seqs_;
  SubscriptionHub hub_{100, 0};
  std::unique_ptr<EventCommitter> committer_;
  std::unique_ptr<Tracker> tracker_;
};

TEST_F(TrackerTest, InactiveAccountIsRefusedInlineWithTheMessageTheEdgeShows) {
  Build();
  const TrackResult tracked = Track("dormant", "hello");
  EXPECT_TRUE(tracked.answered_inline);
  EXPECT_EQ(tracked.answers, 1);
  // The edge shows FAILED_PRECONDITION as 403 with the message: {"error":"Account is inactive"}.
  EXPECT_EQ(tracked.result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tracked.result.status().message(), "Account is inactive");
  EXPECT_EQ(beacon::v1::ErrorReasonOf(tracked.result.status()),
            beacon::v1::ERROR_REASON_UNSPECIFIED);
  EXPECT_TRUE(StoredSeqs().empty());
  EXPECT_EQ(hub_.last_published(), 0u);
}

TEST_F(TrackerTest, UnknownAccountIsNotFoundAndNothingIsStored) {
  Build();
  const TrackResult tracked = Track("ghost", "hello");
  EXPECT_TRUE(tracked.answered_inline);
  EXPECT_EQ(tracked.answers, 1);
  EXPECT_EQ(tracked.result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(tracked.result.status().message(), "Account not found");
  EXPECT_TRUE(StoredSeqs().empty());
}

TEST_F(TrackerTest, MalformedAccountIdIsInvalidArgument) {
  Build();
  for (const std::string& id :
       {std::string(), std::string("has space"), std::string("a/b"), std::string(65, 'a')}) {
    const TrackResult tracked = Track(id, "hello");
    EXPECT_TRUE(tracked.answered_inline) << id;
    EXPECT_EQ(tracked.result.status().code(), absl::StatusCode::kInvalidArgument) << id;
  }
  // 64 characters of every allowed kind are fine (the account does not exist, so: NotFound).
  const std::string longest = "A.b_c-9" + std::string(57, 'x');
  ASSERT_EQ(longest.size(), 64u);
  EXPECT_EQ(Track(longest, "hello").result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(StoredSeqs().empty());
}

TEST_F(TrackerTest, DataOverTheLimitIsRefusedWithReasonDataTooLarge) {
  TrackerLimits limits;
  limits.max_data_bytes = 8;
  Build(limits);
  const TrackResult too_large = Track("celtra", "123456789");
  EXPECT_TRUE(too_large.answered_inline);
  EXPECT_EQ(too_large.result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(too_large.result.status().message(), "data is 9 bytes; the limit is 8");
  // The payload the edge maps to 413.
  EXPECT_EQ(beacon::v1::ErrorReasonOf(too_large.result.status()), beacon::v1::DATA_TOO_LARGE);

  // The limit is in bytes, not characters: five two-byte characters are ten bytes.
  const TrackResult multibyte = Track("celtra", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
  EXPECT_EQ(beacon::v1::ErrorReasonOf(multibyte.result.status()), beacon::v1::DATA_TOO_LARGE);
  EXPECT_TRUE(StoredSeqs().empty());

  const TrackResult at_limit = Track("celtra", "12345678");
  ASSERT_TRUE(at_limit.result.ok()) << at_limit.result.status();
  EXPECT_EQ((*at_limit.result)->data(), "12345678");
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{(*at_limit.result)->seq()}));
}

TEST_F(TrackerTest, EmptyOrInvalidUtf8DataIsInvalidArgumentWithoutAReason) {
  Build();
  for (const std::string& data : {std::string(), std::string("\xFF"), std::string("ok\xC3"),
                                  std::string("\xED\xA0\x80")}) {  // lone surrogate
    const TrackResult tracked = Track("celtra", data);
    EXPECT_TRUE(tracked.answered_inline);
    EXPECT_EQ(tracked.result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(beacon::v1::ErrorReasonOf(tracked.result.status()),
              beacon::v1::ERROR_REASON_UNSPECIFIED);
  }
  EXPECT_TRUE(StoredSeqs().empty());
}

TEST_F(TrackerTest, TrackedEventsGetTheNextSeqAreStoredAndReachALiveSubscriber) {
  Build();
  WaitableConsumer consumer;
  const auto subscription = Subscribe({"celtra"}, std::nullopt, consumer);
  ASSERT_NE(subscription, nullptr);
  Kind kind;
  EXPECT_TRUE(Drain(*subscription, &kind).empty());  // live, nothing yet: gives up the token
  EXPECT_EQ(kind, Kind::kIdle);

  const int64_t before = absl::ToUnixSeconds(absl::Now());
  const TrackResult first = Track("celtra", "first");
  const TrackResult other = Track("acme", "not for this subscriber");
  const TrackResult second = Track("celtra", "second");
  const int64_t after = absl::ToUnixSeconds(absl::Now());
  for (const TrackResult* tracked : {&first, &other, &second}) {
    ASSERT_TRUE(tracked->result.ok()) << tracked->result.status();
    EXPECT_EQ(tracked->answers, 1);
    EXPECT_GE((*tracked->result)->event().timestamp(), before);
    EXPECT_LE((*tracked->result)->event().timestamp(), after);
  }
  // A new database numbers from 1, one after the other.
  EXPECT_EQ((*first.result)->seq(), 1u);
  EXPECT_EQ((*other.result)->seq(), 2u);
  EXPECT_EQ((*second.result)->seq(), 3u);
  EXPECT_EQ((*second.result)->account_id(), "celtra");
  EXPECT_EQ((*second.result)->data(), "second");
  EXPECT_EQ(hub_.last_published(), 3u);

  // Readable from the log exactly as answered.
  const absl::StatusOr<storage::EventPage> page = database_->events().Read({});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events.size(), 3u);
  EXPECT_EQ(page->events[1].account_id(), "acme");
  EXPECT_EQ(page->events[1].data(), "not for this subscriber");
  EXPECT_EQ(page->events[2].encoded(), (*second.result)->encoded());

  // Published to the subscriber, which only gets its account's events.
  ASSERT_TRUE(consumer.WaitForResumes(1));
  EXPECT_EQ(Drain(*subscription, &kind), (std::vector<std::vector<uint64_t>>{{1, 3}}));
  EXPECT_EQ(kind, Kind::kIdle);
}

TEST_F(TrackerTest, SubscriptionWithSinceReplaysInBatchesOfTheQueueLimitThenGoesLive) {
  TrackerLimits limits;
  limits.queue.max_batch_events = 2;
  Build(limits);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Track("celtra", "e" + std::to_string(i)).result.ok());

  WaitableConsumer consumer;
  const auto subscription = Subscribe({}, 0, consumer);
  ASSERT_NE(subscription, nullptr);
  Kind kind;
  EXPECT_EQ(Drain(*subscription, &kind), (std::vector<std::vector<uint64_t>>{{1, 2}, {3, 4}, {5}}));
  EXPECT_EQ(kind, Kind::kIdle);

  ASSERT_TRUE(Track("acme", "live").result.ok());
  ASSERT_TRUE(consumer.WaitForResumes(1));
  EXPECT_EQ(Drain(*subscription), (std::vector<std::vector<uint64_t>>{{6}}));

  // Resuming from the middle skips what the subscriber already has.
  WaitableConsumer later_consumer;
  const auto later = Subscribe({}, 4, later_consumer);
  ASSERT_NE(later, nullptr);
  EXPECT_EQ(Drain(*later), (std::vector<std::vector<uint64_t>>{{5, 6}}));
}

TEST_F(TrackerTest, SubscriptionFilterIsSortedAndDeduplicated) {
  Build();
  ASSERT_TRUE(Track("zeta", "z1").result.ok());    // 1
  ASSERT_TRUE(Track("celtra", "c1").result.ok());  // 2
  ASSERT_TRUE(Track("acme", "a1").result.ok());    // 3
  ASSERT_TRUE(Track("zeta", "z2").result.ok());    // 4
  WaitableConsumer consumer;
  // Given unsorted and with a duplicate: the replay must still find both accounts' events.
  const auto subscription = Subscribe({"zeta", "acme", "zeta"}, 0, consumer);
  ASSERT_NE(subscription, nullptr);
  EXPECT_EQ(Drain(*subscription), (std::vector<std::vector<uint64_t>>{{1, 3, 4}}));

  ASSERT_TRUE(Track("zeta", "z3").result.ok());  // 5: live, delivered once
  ASSERT_TRUE(consumer.WaitForResumes(1));
  EXPECT_EQ(Drain(*subscription), (std::vector<std::vector<uint64_t>>{{5}}));
}

TEST_F(TrackerTest, SubscriptionRefusesUnknownAndMalformedAccounts) {
  Build();
  const auto unknown = tracker_->NewSubscription({"celtra", "ghost"}, std::nullopt);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().message(), "Account not found: ghost");

  const auto malformed = tracker_->NewSubscription({"celtra", "not valid"}, std::nullopt);
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);

  // An inactive account may be subscribed to (it just receives nothing while inactive).
  EXPECT_TRUE(tracker_->NewSubscription({"dormant"}, std::nullopt).ok());
  // Nothing was admitted to the hub by any of these.
  EXPECT_EQ(hub_.size(), 0u);
}

TEST_F(TrackerTest, SubscriptionRefusesSinceAheadOfTheNewestEvent) {
  Build();
  EXPECT_TRUE(tracker_->NewSubscription({}, 0).ok());  // empty log: 0 is the newest
  EXPECT_EQ(tracker_->NewSubscription({}, 1).status().code(), absl::StatusCode::kOutOfRange);

  ASSERT_TRUE(Track("celtra", "a").result.ok());
  ASSERT_TRUE(Track("celtra", "b").result.ok());
  const auto ahead = tracker_->NewSubscription({"celtra"}, 3);
  EXPECT_EQ(ahead.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ahead.status().message(), "since 3 is ahead of the newest event (seq 2)");
  EXPECT_TRUE(tracker_->NewSubscription({"celtra"}, 2).ok());
}

TEST_F(TrackerTest, TooManyEventsWaitingToBeStoredIsResourceExhausted) {
  CommitLimits commit;
  commit.max_pending_events = 1;
  Build({}, commit);
  // The first event stays pending while its answer is held up.
  absl::Notification release, first_done;
  tracker_->Track("celtra", "first", [&](absl::StatusOr<EventPtr> result) {
    EXPECT_TRUE(result.ok()) << result.status();
    release.WaitForNotification();
    first_done.Notify();
  });
  const TrackResult refused = Track("celtra", "second");
  release.Notify();
  first_done.WaitForNotification();
  EXPECT_TRUE(refused.answered_inline);
  EXPECT_EQ(refused.result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(StoredSeqs(), (std::vector<uint64_t>{1}));  // the refused event was not stored
}

}  // namespace
}  // namespace beacon::core
