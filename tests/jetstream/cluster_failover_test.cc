// A 3-node JetStream cluster with the stream replicated three times: the stream leader is killed
// (SIGKILL) while events are being published and followed.

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "jetstream/jetstream_client.h"
#include "jetstream/key_value_bucket.h"
#include "jetstream/key_value_watch.h"
#include "jetstream/stream_follower.h"
#include "jetstream_test_env.h"
#include "nats_cluster.h"

namespace beacon::jetstream {
namespace {

using testing::Collector;
using testing::ReadAll;

constexpr int kEvents = 3000;
constexpr int kKillAfter = 1000;

class JetStreamClusterTest : public testing::NatsServersTest {
 protected:
  void SetUp() override { StartAndConnect(/*nodes=*/3, /*replicas=*/3, absl::Seconds(30)); }

  // The node leading the event stream (after waiting for one).
  int StreamLeader() {
    for (int i = 0; i < 100; ++i) {
      absl::StatusOr<StreamState> state = client_->GetStreamState();
      if (state.ok() && !state->leader.empty()) return cluster_->NodeOfServer(state->leader);
      absl::SleepFor(absl::Milliseconds(100));
    }
    return -1;
  }

  // Everything `query` selects, read again while the cluster answers UNAVAILABLE (which a read
  // may do while a server is starting); any other error fails the test.
  std::vector<StreamMessage> ReadEverything(const StreamQuery& query = StreamQuery()) {
    for (int i = 0; i < 100; ++i) {
      absl::StatusOr<std::vector<StreamMessage>> all = ReadAll(*client_, query);
      if (all.ok()) return *std::move(all);
      EXPECT_EQ(all.status().code(), absl::StatusCode::kUnavailable) << all.status();
      absl::SleepFor(absl::Milliseconds(200));
    }
    ADD_FAILURE() << "the stream could not be read";
    return {};
  }
};

TEST_F(JetStreamClusterTest, StreamLeaderKilledWhilePublishingAndFollowing) {
  ASSERT_TRUE(client_->CheckReady().ok());
  Collector<StreamMessage> followed;
  StreamFollower follower(*client_, 0, [&](StreamMessage m) { followed.Add(std::move(m)); });

  absl::Mutex mu;
  std::map<std::string, absl::StatusOr<uint64_t>> outcomes;  // by msg id
  absl::BlockingCounter outstanding(kEvents);
  int killed = -1;
  for (int i = 0; i < kEvents; ++i) {
    if (i == kKillAfter) {
      killed = StreamLeader();
      ASSERT_GE(killed, 0);
      cluster_->Kill(killed);
    }
    const std::string id = absl::StrCat("event-", i);
    client_->Publish(absl::StrCat("account", i % 7), id, id, absl::Now() + absl::Seconds(15),
                     [&, id](absl::StatusOr<uint64_t> seq) {
                       {
                         absl::MutexLock lock(&mu);
                         outcomes.emplace(id, std::move(seq));
                       }
                       outstanding.DecrementCount();
                     });
    absl::SleepFor(absl::Milliseconds(1));
  }
  outstanding.Wait();
  ASSERT_TRUE(cluster_->Restart(killed, std::chrono::seconds(30)));

  // Every outcome is an acknowledgement or UNAVAILABLE; acknowledged sequences are distinct.
  std::map<uint64_t, std::string> acknowledged;  // seq -> msg id
  int unavailable = 0;
  for (const auto& [id, outcome] : outcomes) {
    if (outcome.ok()) {
      EXPECT_TRUE(acknowledged.emplace(*outcome, id).second) << "seq " << *outcome << " twice";
    } else {
      EXPECT_EQ(outcome.status().code(), absl::StatusCode::kUnavailable) << outcome.status();
      ++unavailable;
    }
  }
  ASSERT_EQ(outcomes.size(), static_cast<size_t>(kEvents));

  // The stream holds each event at most once, gap-free, and every acknowledged one where its
  // acknowledgement said.
  const std::vector<StreamMessage> stored = ReadEverything();
  std::set<std::string> stored_ids;
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].seq, i + 1);
    EXPECT_TRUE(stored_ids.insert(stored[i].payload).second) << stored[i].payload << " twice";
  }
  for (const auto& [seq, id] : acknowledged) {
    ASSERT_LE(seq, stored.size());
    EXPECT_EQ(stored[seq - 1].payload, id);
  }
  EXPECT_GE(stored.size(), acknowledged.size());

  // The follower saw exactly the stream, in order.
  ASSERT_TRUE(followed.WaitFor(stored.size(), absl::Seconds(60)))
      << "followed " << followed.Snapshot().size() << " of " << stored.size();
  absl::SleepFor(absl::Milliseconds(500));
  const std::vector<StreamMessage> seen = followed.Snapshot();
  ASSERT_EQ(seen.size(), stored.size());
  for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], stored[i]) << "at index " << i;

  const JetStreamMetrics metrics = client_->metrics();
  EXPECT_GE(metrics.stream_leader_elections, 1u);
  EXPECT_EQ(metrics.publishes_acknowledged, acknowledged.size());
  EXPECT_EQ(metrics.publishes_failed, static_cast<uint64_t>(unavailable));
  EXPECT_TRUE(client_->CheckReady().ok());
  std::cerr << "acknowledged " << acknowledged.size() << ", unavailable " << unavailable
            << ", stored " << stored.size() << ", retries " << metrics.publish_retries
            << ", duplicates " << metrics.publish_duplicates << ", follower restarts "
            << follower.restarts() << ", leader elections " << metrics.stream_leader_elections
            << "\n";
}

// Publishes `count` events (ids from `first`) and waits for all acknowledgements.
void PublishMany(JetStreamClient& client, int first, int count) {
  absl::BlockingCounter outstanding(count);
  std::atomic<int> failures{0};
  for (int i = first; i < first + count; ++i) {
    const std::string id = absl::StrCat("event-", i);
    client.Publish(absl::StrCat("account", i % 5), id, id, absl::Now() + absl::Seconds(30),
                   [&](absl::StatusOr<uint64_t> seq) {
                     if (!seq.ok()) failures.fetch_add(1);
                     outstanding.DecrementCount();
                   });
  }
  outstanding.Wait();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(JetStreamClusterTest, ReadsNeverEndBeforeTheLeadersLastMessage) {
  PublishMany(*client_, 0, 500);
  const int leader = StreamLeader();
  ASSERT_GE(leader, 0);
  const int follower = (leader + 1) % 3;
  cluster_->Kill(follower);
  PublishMany(*client_, 500, 5000);
  // Reads while the server comes back: some land on its copy while it catches up.
  ASSERT_TRUE(cluster_->StartAgain(follower));
  const absl::Time until = absl::Now() + absl::Seconds(4);
  for (int round = 0; absl::Now() < until; ++round) {
    const std::vector<StreamMessage> all = ReadEverything();
    ASSERT_EQ(all.size(), 5500u) << "round " << round;
    for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i].seq, i + 1);
    StreamQuery one;
    one.accounts = {"account3"};
    const std::vector<StreamMessage> mine = ReadEverything(one);
    ASSERT_EQ(mine.size(), 1100u) << "round " << round;
    std::set<std::string> ids;  // (retried publishes may be stored out of publishing order)
    for (const StreamMessage& m : mine) ids.insert(m.payload);
    EXPECT_EQ(ids.size(), 1100u);
    EXPECT_EQ(ids.count("event-5498"), 1u);
  }
  EXPECT_TRUE(cluster_->WaitHealthy(follower, std::chrono::seconds(30)));
}

TEST_F(JetStreamClusterTest, KeyValueSurvivesTheBucketLeaderBeingKilled) {
  absl::StatusOr<std::unique_ptr<KeyValueBucket>> bucket =
      KeyValueBucket::Open(*client_, KeyValueOptions());
  ASSERT_TRUE(bucket.ok()) << bucket.status();
  ASSERT_TRUE((*bucket)->Create("celtra", "active").ok());
  Collector<KeyChange> changes;
  KeyValueWatch watch(**bucket, 0, [&](KeyChange change) { changes.Add(std::move(change)); });
  ASSERT_TRUE(changes.WaitFor(1, absl::Seconds(10)));

  // Kill the server leading the bucket's stream.
  absl::StatusOr<StreamState> state = (*bucket)->GetStreamState();
  ASSERT_TRUE(state.ok()) << state.status();
  const int leader = cluster_->NodeOfServer(state->leader);
  ASSERT_GE(leader, 0) << state->leader;
  cluster_->Kill(leader);

  // Changes still go through (after the election) and reach the watch once each.
  absl::StatusOr<uint64_t> revision;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<KeyValueEntry> entry = (*bucket)->Get("celtra");
    if (entry.ok() && (revision = (*bucket)->Update("celtra", "inactive", entry->revision)).ok()) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  ASSERT_TRUE(revision.ok()) << revision.status();
  ASSERT_TRUE(changes.WaitFor(2, absl::Seconds(30)));
  absl::SleepFor(absl::Milliseconds(500));
  const std::vector<KeyChange> seen = changes.Snapshot();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].value, "inactive");
  EXPECT_EQ(seen[1].revision, *revision);
  ASSERT_TRUE(cluster_->Restart(leader, std::chrono::seconds(30)));
}

}  // namespace
}  // namespace beacon::jetstream
