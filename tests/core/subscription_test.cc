// Subscription against a real event log (RocksDB in a temporary folder) and a real hub.
#include "core/subscription.h"

#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

using Kind = SubscriptionQueue::ActionKind;

// Counts how often the queue handed the consumer token to a producer's Resume().
class CountingConsumer : public QueueConsumer {
 public:
  void Resume() override { ++resumed; }
  int resumed = 0;
};

class SubscriptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    // Start() ends a feed whose accounts are not (or no longer) in the store.
    for (const char* id : {"acme", "celtra"}) {
      ASSERT_TRUE(database_->accounts().Create({id, true, /*key_hash=*/""}).ok());
    }
  }

  EventPtr Make(uint64_t seq, const std::string& account = "celtra") {
    beacon::v1::Event event;
    event.set_seq(seq);
    event.set_account_id(account);
    event.set_data("event-" + std::to_string(seq));
    return std::make_shared<const storage::StoredEvent>(std::move(event));
  }
  // What EventCommitter does, in two steps a test can pull apart.
  void Store(uint64_t first, uint64_t last, const std::string& account = "celtra") {
    std::vector<EventPtr> events;
    for (uint64_t seq = first; seq <= last; ++seq) events.push_back(Make(seq, account));
    ASSERT_TRUE(database_->events().Append(events, false).ok());
    stored_.insert(stored_.end(), events.begin(), events.end());
  }
  void PublishStored() {
    hub_->Publish(stored_);
    stored_.clear();
  }

  std::unique_ptr<Subscription> Subscribe(std::optional<uint64_t> since,
                                          std::vector<std::string> accounts = {},
                                          size_t batch = 256) {
    QueueLimits queue_limits;
    Subscription::Limits limits;
    limits.max_batch_events = batch;
    auto subscription = std::make_unique<Subscription>(
        *hub_, database_->accounts(), database_->events(),
        std::make_shared<SubscriptionQueue>(std::move(accounts), queue_limits), since, limits);
    EXPECT_TRUE(subscription->Start(&consumer_).ok());
    return subscription;
  }

  static std::vector<uint64_t> Seqs(const SubscriptionQueue::Action& action) {
    std::vector<uint64_t> seqs;
    for (const EventPtr& event : action.batch) seqs.push_back(event->seq());
    return seqs;
  }

  beacon::testing::TempDir dir_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<SubscriptionHub> hub_ = std::make_unique<SubscriptionHub>(100, 0);
  std::vector<EventPtr> stored_;
  CountingConsumer consumer_;
};

TEST_F(SubscriptionTest, WithoutSinceOnlyEventsPublishedAfterStartArrive) {
  Store(1, 3);
  PublishStored();
  const auto subscription = Subscribe(std::nullopt);
  EXPECT_EQ(subscription->Next().kind, Kind::kIdle);
  Store(4, 5);
  PublishStored();
  EXPECT_EQ(consumer_.resumed, 1);
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{4, 5}));
}

TEST_F(SubscriptionTest, ReplaysInBoundedBatchesThenGoesLive) {
  Store(1, 10);
  PublishStored();
  const auto subscription = Subscribe(3, {}, /*batch=*/4);
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{4, 5, 6, 7}));
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{8, 9, 10}));
  EXPECT_EQ(subscription->Next().kind, Kind::kIdle);  // live now, nothing queued
  EXPECT_EQ(hub_->size(), 1u);
  Store(11, 11);
  PublishStored();
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{11}));
}

TEST_F(SubscriptionTest, EventsPublishedDuringReplayArriveOnceInOrder) {
  Store(1, 4);
  PublishStored();
  const auto subscription = Subscribe(0, {}, /*batch=*/2);
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{1, 2}));
  Store(5, 6);
  PublishStored();  // not live yet: the queue does not get these, the log has them
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{5, 6}));
  // Stored but not yet published (the committer is between its two steps): replay must leave
  // it to the queue, or it would arrive twice.
  Store(7, 7);
  EXPECT_EQ(subscription->Next().kind, Kind::kIdle);
  PublishStored();
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{7}));
  EXPECT_EQ(subscription->Next().kind, Kind::kIdle);
}

TEST_F(SubscriptionTest, FeedOfAnAccountNoLongerStoredEndsAtOnce) {
  ASSERT_TRUE(database_->accounts().Delete("acme").ok());
  for (const std::optional<uint64_t> since :
       {std::optional<uint64_t>(), std::optional<uint64_t>(0)}) {
    const auto subscription = Subscribe(since, {"acme", "celtra"});
    const SubscriptionQueue::Action finish = subscription->Next();
    EXPECT_EQ(finish.kind, Kind::kFinish);
    EXPECT_EQ(finish.status, absl::NotFoundError("Account deleted: acme"));
  }
}

TEST_F(SubscriptionTest, ReplayFiltersByAccount) {
  Store(1, 3, "acme");
  Store(4, 5, "celtra");
  Store(6, 6, "acme");
  PublishStored();
  const auto subscription = Subscribe(0, {"acme"});
  EXPECT_EQ(Seqs(subscription->Next()), (std::vector<uint64_t>{1, 2, 3, 6}));
  EXPECT_EQ(subscription->Next().kind, Kind::kIdle);
}

TEST_F(SubscriptionTest, EventsDeletedByRetentionAreReportedBeforeTheRest) {
  Store(1, 10);
  PublishStored();
  ASSERT_TRUE(database_->events().DeleteThrough(6).ok());
  const auto subscription = Subscribe(2);
  const SubscriptionQueue::Action first = subscription->Next();
  EXPECT_EQ(first.truncated_before, 7u);
  EXPECT_EQ(Seqs(first), (std::vector<uint64_t>{7, 8, 9, 10}));

  const auto after_the_gap = Subscribe(6);
  const SubscriptionQueue::Action next = after_the_gap->Next();
  EXPECT_EQ(next.truncated_before, 0u);
  EXPECT_EQ(Seqs(next), (std::vector<uint64_t>{7, 8, 9, 10}));
}

TEST_F(SubscriptionTest, CloseWhileCatchingUpFinishesWithItsStatus) {
  Store(1, 10);
  PublishStored();
  const auto subscription = Subscribe(0, {}, /*batch=*/4);
  EXPECT_EQ(subscription->Next().kind, Kind::kWrite);
  // The consumer holds the token while catching up: the closer must not resume it.
  EXPECT_FALSE(subscription->Close(absl::UnavailableError("server shutting down")));
  const SubscriptionQueue::Action finish = subscription->Next();
  EXPECT_EQ(finish.kind, Kind::kFinish);
  EXPECT_EQ(finish.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(hub_->size(), 0u);
}

TEST_F(SubscriptionTest, ShutdownClosesSubscriptionsThatAreStillCatchingUp) {
  Store(1, 10);
  PublishStored();
  const auto subscription = Subscribe(0, {}, /*batch=*/4);
  EXPECT_EQ(subscription->Next().kind, Kind::kWrite);
  EXPECT_EQ(hub_->CloseAll(absl::UnavailableError("server shutting down")), 1u);
  EXPECT_EQ(subscription->Next().kind, Kind::kFinish);
}

}  // namespace
}  // namespace beacon::core
