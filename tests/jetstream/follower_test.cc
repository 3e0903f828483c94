// Following the stream live on one real nats-server: every message once, in order, from the
// starting sequence, also across a kill -9 and restart of the server.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "jetstream/jetstream_client.h"
#include "jetstream/stream_follower.h"
#include "jetstream_test_env.h"
#include "nats_cluster.h"

namespace beacon::jetstream {
namespace {

using testing::Collector;
using testing::ConnectWhenReady;
using testing::OptionsFor;
using testing::PublishAndWait;

// Every delivered sequence is the one after the previous.
void ExpectContiguous(const std::vector<StreamMessage>& messages, uint64_t first) {
  for (size_t i = 0; i < messages.size(); ++i) {
    ASSERT_EQ(messages[i].seq, first + i) << "at index " << i;
  }
}

class JetStreamFollowerTest : public testing::NatsServersTest {
 protected:
  void SetUp() override { StartAndConnect(/*nodes=*/1, /*replicas=*/1); }

  void Publish(int from, int to) {
    for (int i = from; i < to; ++i) {
      ASSERT_TRUE(
          PublishAndWait(*client_, "celtra", absl::StrCat("event-", i), absl::StrCat("id-", i))
              .ok());
    }
  }
};

TEST_F(JetStreamFollowerTest, DeliversEveryMessageAfterTheStartOnceInOrder) {
  Publish(0, 10);
  Collector<StreamMessage> received;
  StreamFollower follower(*client_, 4, [&](StreamMessage m) { received.Add(std::move(m)); });
  ASSERT_TRUE(received.WaitFor(6, absl::Seconds(10)));
  Publish(10, 30);
  ASSERT_TRUE(received.WaitFor(26, absl::Seconds(10)));
  absl::SleepFor(absl::Milliseconds(300));  // nothing more may come
  const std::vector<StreamMessage> messages = received.Snapshot();
  ASSERT_EQ(messages.size(), 26u);
  ExpectContiguous(messages, 5);
  EXPECT_EQ(messages.front().payload, "event-4");
  EXPECT_EQ(messages.front().account, "celtra");
  EXPECT_EQ(messages.back().payload, "event-29");
  EXPECT_EQ(follower.last_delivered(), 30u);
  EXPECT_EQ(follower.last_known(), 30u);
  EXPECT_EQ(follower.restarts(), 0u);
}

TEST_F(JetStreamFollowerTest, StartsLiveWhenNothingIsStoredYet) {
  Collector<StreamMessage> received;
  StreamFollower follower(*client_, 0, [&](StreamMessage m) { received.Add(std::move(m)); });
  absl::SleepFor(absl::Milliseconds(300));
  Publish(0, 3);
  ASSERT_TRUE(received.WaitFor(3, absl::Seconds(10)));
  ExpectContiguous(received.Snapshot(), 1);
}

TEST_F(JetStreamFollowerTest, ResumesAfterTheServerIsKilledAndRestarted) {
  Publish(0, 5);
  Collector<StreamMessage> received;
  StreamFollower follower(*client_, 0, [&](StreamMessage m) { received.Add(std::move(m)); });
  ASSERT_TRUE(received.WaitFor(5, absl::Seconds(10)));

  cluster_->Kill(0);
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE(cluster_->Restart(0));
  // The follower's consumer lived in the killed server's memory: it has to make a new one.
  Publish(5, 15);
  ASSERT_TRUE(received.WaitFor(15, absl::Seconds(30)));
  absl::SleepFor(absl::Milliseconds(300));
  const std::vector<StreamMessage> messages = received.Snapshot();
  ASSERT_EQ(messages.size(), 15u);
  ExpectContiguous(messages, 1);
  EXPECT_GE(follower.restarts(), 1u);
}

TEST_F(JetStreamFollowerTest, ReportsMessagesRemovedBeforeItGotToThem) {
  client_.reset();
  JetStreamOptions limited = OptionsFor(*cluster_, 1);
  limited.max_messages = 3;
  absl::StatusOr<std::unique_ptr<JetStreamClient>> client = ConnectWhenReady(limited);
  ASSERT_TRUE(client.ok()) << client.status();
  client_ = *std::move(client);
  Publish(0, 8);  // keeps 6..8

  Collector<StreamMessage> received;
  Collector<std::pair<uint64_t, uint64_t>> gaps;
  StreamFollower follower(
      *client_, 2, [&](StreamMessage m) { received.Add(std::move(m)); },
      [&](uint64_t first, uint64_t last) {
        gaps.Add({first, last});
      });
  ASSERT_TRUE(received.WaitFor(3, absl::Seconds(10)));
  ExpectContiguous(received.Snapshot(), 6);
  ASSERT_EQ(gaps.Snapshot().size(), 1u);
  EXPECT_EQ(gaps.Snapshot()[0], std::make_pair(uint64_t{3}, uint64_t{5}));
}

}  // namespace
}  // namespace beacon::jetstream
