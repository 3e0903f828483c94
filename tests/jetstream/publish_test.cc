// Publishing against one real nats-server: sequences, concurrency, msg-id deduplication and
// retries across a server restart.

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "jetstream/jetstream_client.h"
#include "jetstream_test_env.h"
#include "nats_cluster.h"

namespace beacon::jetstream {
namespace {

using testing::PublishAndWait;
using testing::ReadAll;

class JetStreamPublishTest : public testing::NatsServersTest {
 protected:
  void SetUp() override { StartAndConnect(/*nodes=*/1, /*replicas=*/1); }
};

TEST_F(JetStreamPublishTest, PublishedEventsReadBackInOrderWithTheirSequences) {
  const std::vector<std::string> accounts = {"celtra", "acme.prod", "celtra"};
  std::vector<uint64_t> seqs;
  for (size_t i = 0; i < accounts.size(); ++i) {
    absl::StatusOr<uint64_t> seq =
        PublishAndWait(*client_, accounts[i], absl::StrCat("payload-", i), absl::StrCat("id-", i));
    ASSERT_TRUE(seq.ok()) << seq.status();
    seqs.push_back(*seq);
  }
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2, 3}));

  absl::StatusOr<std::vector<StreamMessage>> all = ReadAll(*client_, StreamQuery());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].seq, i + 1);
    EXPECT_EQ((*all)[i].account, accounts[i]);
    EXPECT_EQ((*all)[i].payload, absl::StrCat("payload-", i));
  }
  absl::StatusOr<StreamState> state = client_->GetStreamState();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->first_seq, 1u);
  EXPECT_EQ(state->last_seq, 3u);
  EXPECT_EQ(state->messages, 3u);
  EXPECT_TRUE(client_->CheckReady().ok());
  EXPECT_EQ(client_->metrics().publishes_acknowledged, 3u);
}

TEST_F(JetStreamPublishTest, BinaryPayloadsArriveUnchanged) {
  std::string payload;
  for (int c = 0; c < 256; ++c) payload.push_back(static_cast<char>(c));
  ASSERT_TRUE(PublishAndWait(*client_, "celtra", payload, "binary").ok());
  absl::StatusOr<std::vector<StreamMessage>> all = ReadAll(*client_, StreamQuery());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].payload, payload);
}

TEST_F(JetStreamPublishTest, ConcurrentPublishesGetDistinctGapFreeSequences) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  absl::Mutex mu;
  std::vector<uint64_t> seqs;
  std::vector<absl::Status> failures;
  absl::BlockingCounter outstanding(kThreads * kPerThread);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        client_->Publish(absl::StrCat("account", t), absl::StrCat("event ", t, "/", i),
                         absl::StrCat("msg-", t, "-", i), absl::Now() + absl::Seconds(20),
                         [&](absl::StatusOr<uint64_t> seq) {
                           {
                             absl::MutexLock lock(&mu);
                             if (seq.ok()) {
                               seqs.push_back(*seq);
                             } else {
                               failures.push_back(seq.status());
                             }
                           }
                           outstanding.DecrementCount();
                         });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  outstanding.Wait();
  ASSERT_TRUE(failures.empty()) << failures.front();
  const std::set<uint64_t> distinct(seqs.begin(), seqs.end());
  ASSERT_EQ(distinct.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*distinct.begin(), 1u);
  EXPECT_EQ(*distinct.rbegin(), static_cast<uint64_t>(kThreads * kPerThread));

  absl::StatusOr<std::vector<StreamMessage>> all = ReadAll(*client_, StreamQuery());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), static_cast<size_t>(kThreads * kPerThread));
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].seq, i + 1);
}

TEST_F(JetStreamPublishTest, TheSameMsgIdIsStoredOnce) {
  absl::StatusOr<uint64_t> first = PublishAndWait(*client_, "celtra", "once", "same-id");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(PublishAndWait(*client_, "celtra", "other", "other-id").ok());
  absl::StatusOr<uint64_t> again = PublishAndWait(*client_, "celtra", "once", "same-id");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *first);  // the stored copy's sequence
  EXPECT_EQ(client_->metrics().publish_duplicates, 1u);

  absl::StatusOr<std::vector<StreamMessage>> all = ReadAll(*client_, StreamQuery());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].payload, "once");
  EXPECT_EQ((*all)[1].payload, "other");
}

TEST_F(JetStreamPublishTest, RetriesUntilTheServerIsBackAndStoresOnce) {
  ASSERT_TRUE(PublishAndWait(*client_, "celtra", "before", "before").ok());
  cluster_->Kill(0);
  absl::Notification done;
  absl::StatusOr<uint64_t> result;
  client_->Publish("celtra", "during", "during", absl::Now() + absl::Seconds(30),
                   [&](absl::StatusOr<uint64_t> seq) {
                     result = std::move(seq);
                     done.Notify();
                   });
  absl::SleepFor(absl::Seconds(2));  // several attempts fail meanwhile
  EXPECT_FALSE(done.HasBeenNotified());
  ASSERT_TRUE(cluster_->Restart(0));
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 2u);
  EXPECT_GT(client_->metrics().publish_retries, 0u);
  EXPECT_GT(client_->metrics().reconnects, 0u);

  absl::StatusOr<std::vector<StreamMessage>> all = ReadAll(*client_, StreamQuery());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].payload, "during");
}

TEST_F(JetStreamPublishTest, UnavailableWhenNotAcknowledgedBeforeTheDeadline) {
  cluster_->Kill(0);
  absl::StatusOr<uint64_t> seq =
      PublishAndWait(*client_, "celtra", "lost", "lost", absl::Milliseconds(1500));
  EXPECT_EQ(seq.status().code(), absl::StatusCode::kUnavailable) << seq.status();
  EXPECT_EQ(client_->CheckReady(absl::Milliseconds(500)).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(client_->metrics().publishes_failed, 1u);
}

TEST_F(JetStreamPublishTest, RefusesWhatCannotBePublished) {
  EXPECT_EQ(PublishAndWait(*client_, "", "x", "id").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PublishAndWait(*client_, "celtra", "x", "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(JetStreamPublishTest, ShutdownCompletesWhatIsPendingWithoutAcknowledgingIt) {
  cluster_->Kill(0);
  absl::Notification done;
  absl::StatusOr<uint64_t> result;
  client_->Publish("celtra", "x", "pending", absl::Now() + absl::Seconds(60),
                   [&](absl::StatusOr<uint64_t> seq) {
                     result = std::move(seq);
                     done.Notify();
                   });
  client_->Shutdown();
  ASSERT_TRUE(done.HasBeenNotified());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(PublishAndWait(*client_, "celtra", "x", "after").status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace beacon::jetstream
