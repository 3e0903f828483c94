// EventCommitter against a real event log (RocksDB in a temporary folder) and a real hub.
#include "core/event_committer.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "beacon_process.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

beacon::v1::Event NewEvent(const std::string& data) {
  beacon::v1::Event event;
  event.set_account_id("celtra");
  event.set_data(data);
  return event;
}

class EventCommitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    auto seqs = SeqAllocator::Create(database_->sequence(), 1000);
    ASSERT_TRUE(seqs.ok()) << seqs.status();
    seqs_ = *std::move(seqs);
  }
  std::unique_ptr<EventCommitter> NewCommitter(CommitLimits limits) {
    return std::make_unique<EventCommitter>(database_->events(), *seqs_, hub_, limits);
  }

  beacon::testing::TempDir dir_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<SeqAllocator> seqs_;
  SubscriptionHub hub_{10, 0};
};

TEST_F(EventCommitterTest, StoresNumbersAndPublishesBeforeAnswering) {
  const auto committer = NewCommitter({});
  std::vector<absl::StatusOr<EventPtr>> results(50);
  std::vector<absl::Notification> done(50);
  for (int i = 0; i < 50; ++i) {
    committer->Submit(NewEvent("e" + std::to_string(i)), [&, i](absl::StatusOr<EventPtr> result) {
      // Already in the log and published when the caller hears of it.
      EXPECT_GE(hub_.last_published(), (*result)->seq());
      results[i] = std::move(result);
      done[i].Notify();
    });
  }
  for (auto& notification : done) notification.WaitForNotification();
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    EXPECT_EQ((*results[i])->data(), "e" + std::to_string(i));
    if (i > 0) {
      EXPECT_GT((*results[i])->seq(), (*results[i - 1])->seq());
    }
  }
  const auto stored = database_->events().Read({});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->events.size(), 50u);
  EXPECT_EQ(stored->events[49].seq(), (*results[49])->seq());
}

TEST_F(EventCommitterTest, RefusesBeyondThePendingLimitUntilAnEventIsAnswered) {
  CommitLimits limits;
  limits.max_pending_events = 1;
  const auto committer = NewCommitter(limits);
  absl::Notification release_first, first_done;
  // The first event stays unanswered while its callback waits.
  committer->Submit(NewEvent("first"), [&](absl::StatusOr<EventPtr> result) {
    EXPECT_TRUE(result.ok());
    release_first.WaitForNotification();
    first_done.Notify();
  });
  absl::Status refused;
  committer->Submit(NewEvent("second"),
                    [&](absl::StatusOr<EventPtr> result) { refused = result.status(); });
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.message().find("retry later"), absl::string_view::npos) << refused;
  release_first.Notify();
  first_done.WaitForNotification();

  // The place is free once the first callback has returned (a moment after it notified): a
  // producer that retries gets in.
  absl::Status third = absl::ResourceExhaustedError("not tried");
  for (int attempt = 0; attempt < 2000 && absl::IsResourceExhausted(third); ++attempt) {
    absl::Notification answered;
    committer->Submit(NewEvent("third"), [&](absl::StatusOr<EventPtr> result) {
      third = result.status();
      answered.Notify();
    });
    answered.WaitForNotification();
    if (absl::IsResourceExhausted(third)) absl::SleepFor(absl::Milliseconds(1));
  }
  EXPECT_TRUE(third.ok()) << third;
}

TEST_F(EventCommitterTest, StopAnswersEverythingSubmittedThenRefuses) {
  const auto committer = NewCommitter({});
  int answered = 0;
  for (int i = 0; i < 100; ++i) {
    committer->Submit(NewEvent("e"), [&](absl::StatusOr<EventPtr> result) {
      EXPECT_TRUE(result.ok());
      ++answered;  // completions run on one thread
    });
  }
  committer->Stop();
  EXPECT_EQ(answered, 100);
  absl::Status after_stop;
  committer->Submit(NewEvent("late"),
                    [&](absl::StatusOr<EventPtr> result) { after_stop = result.status(); });
  EXPECT_EQ(after_stop.code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace beacon::core
