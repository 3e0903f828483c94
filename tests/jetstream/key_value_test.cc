// Accounts in a JetStream key-value bucket on one real nats-server: create, compare-and-swap,
// delete, listing and the watch.

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "jetstream/jetstream_client.h"
#include "jetstream/key_value_bucket.h"
#include "jetstream/key_value_watch.h"
#include "jetstream_test_env.h"
#include "nats_cluster.h"

namespace beacon::jetstream {
namespace {

using testing::Collector;

class JetStreamKeyValueTest : public testing::NatsServersTest {
 protected:
  void SetUp() override {
    StartAndConnect(/*nodes=*/1, /*replicas=*/1);
    absl::StatusOr<std::unique_ptr<KeyValueBucket>> bucket =
        KeyValueBucket::Open(*client_, KeyValueOptions());
    ASSERT_TRUE(bucket.ok()) << bucket.status();
    bucket_ = *std::move(bucket);
  }

  std::unique_ptr<KeyValueBucket> bucket_;
};

TEST_F(JetStreamKeyValueTest, CreateGetUpdateWithCompareAndSwapDelete) {
  EXPECT_EQ(bucket_->Get("celtra").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<uint64_t> created = bucket_->Create("celtra", "active");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(bucket_->Create("celtra", "again").status().code(), absl::StatusCode::kAlreadyExists);

  absl::StatusOr<KeyValueEntry> entry = bucket_->Get("celtra");
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->value, "active");
  EXPECT_EQ(entry->revision, *created);

  // Two writers read the same revision; only the first update wins.
  absl::StatusOr<uint64_t> first = bucket_->Update("celtra", "inactive", entry->revision);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_GT(*first, entry->revision);
  EXPECT_EQ(bucket_->Update("celtra", "lost", entry->revision).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(bucket_->Get("celtra")->value, "inactive");

  EXPECT_EQ(bucket_->Delete("celtra", entry->revision).code(), absl::StatusCode::kAborted);
  ASSERT_TRUE(bucket_->Delete("celtra", *first).ok());
  EXPECT_EQ(bucket_->Get("celtra").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(bucket_->Delete("celtra").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(bucket_->Update("celtra", "x", *first).status().code(), absl::StatusCode::kNotFound);

  // A deleted key can be created again.
  absl::StatusOr<uint64_t> recreated = bucket_->Create("celtra", "back");
  ASSERT_TRUE(recreated.ok()) << recreated.status();
  EXPECT_EQ(bucket_->Get("celtra")->value, "back");
  ASSERT_TRUE(bucket_->Delete("celtra").ok());
}

TEST_F(JetStreamKeyValueTest, ConcurrentCreatesHaveOneWinner) {
  constexpr int kWriters = 4;
  std::vector<absl::StatusCode> codes(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      codes[i] = bucket_->Create("contested", absl::StrCat("writer ", i)).status().code();
    });
  }
  for (std::thread& writer : writers) writer.join();
  int winners = 0;
  for (const absl::StatusCode code : codes) {
    if (code == absl::StatusCode::kOk) {
      ++winners;
    } else {
      EXPECT_EQ(code, absl::StatusCode::kAlreadyExists);
    }
  }
  EXPECT_EQ(winners, 1);
}

TEST_F(JetStreamKeyValueTest, ListsKeysInOrderInPages) {
  for (const std::string key : {"b", "a.x", "d", "c", "e"}) {
    ASSERT_TRUE(bucket_->Create(key, "v").ok());
  }
  ASSERT_TRUE(bucket_->Delete("c").ok());
  absl::StatusOr<KeyPage> page = bucket_->ListKeys("", 2);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->keys, (std::vector<std::string>{"a.x", "b"}));
  EXPECT_TRUE(page->more);
  page = bucket_->ListKeys("b", 10);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->keys, (std::vector<std::string>{"d", "e"}));
  EXPECT_FALSE(page->more);
}

TEST_F(JetStreamKeyValueTest, WatchDeliversCurrentStateThenEveryChange) {
  ASSERT_TRUE(bucket_->Create("celtra", "active").ok());
  ASSERT_TRUE(bucket_->Create("test", "inactive").ok());
  ASSERT_TRUE(bucket_->Delete("test").ok());

  Collector<KeyChange> changes;
  KeyValueWatch watch(*bucket_, 0, [&](KeyChange change) { changes.Add(std::move(change)); });
  ASSERT_TRUE(changes.WaitFor(2, absl::Seconds(10)));
  std::vector<KeyChange> seen = changes.Snapshot();
  EXPECT_EQ(seen[0].key, "celtra");
  EXPECT_EQ(seen[0].kind, KeyChange::Kind::kPut);
  EXPECT_EQ(seen[0].value, "active");
  EXPECT_EQ(seen[1].key, "test");
  EXPECT_EQ(seen[1].kind, KeyChange::Kind::kDelete);

  absl::StatusOr<KeyValueEntry> entry = bucket_->Get("celtra");
  ASSERT_TRUE(entry.ok());
  absl::StatusOr<uint64_t> updated = bucket_->Update("celtra", "inactive", entry->revision);
  ASSERT_TRUE(updated.ok());
  ASSERT_TRUE(changes.WaitFor(3, absl::Seconds(10)));
  ASSERT_TRUE(bucket_->Delete("celtra").ok());
  ASSERT_TRUE(changes.WaitFor(4, absl::Seconds(10)));
  seen = changes.Snapshot();
  EXPECT_EQ(seen[2].value, "inactive");
  EXPECT_EQ(seen[2].revision, *updated);
  EXPECT_EQ(seen[3].key, "celtra");
  EXPECT_EQ(seen[3].kind, KeyChange::Kind::kDelete);
  EXPECT_EQ(watch.last_revision(), seen[3].revision);
}

TEST_F(JetStreamKeyValueTest, WatchAfterARevisionSeesOnlyLaterChangesAcrossARestart) {
  ASSERT_TRUE(bucket_->Create("old", "x").ok());
  absl::StatusOr<uint64_t> last = bucket_->LastRevision();
  ASSERT_TRUE(last.ok()) << last.status();

  Collector<KeyChange> changes;
  KeyValueWatch watch(*bucket_, *last, [&](KeyChange change) { changes.Add(std::move(change)); });
  ASSERT_TRUE(bucket_->Create("new", "1").ok());
  ASSERT_TRUE(changes.WaitFor(1, absl::Seconds(10)));

  cluster_->Kill(0);
  ASSERT_TRUE(cluster_->Restart(0));
  absl::StatusOr<KeyValueEntry> entry;
  for (int i = 0; i < 50 && !(entry = bucket_->Get("new")).ok(); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(entry.ok()) << entry.status();
  ASSERT_TRUE(bucket_->Update("new", "2", entry->revision).ok());
  ASSERT_TRUE(changes.WaitFor(2, absl::Seconds(30)));
  absl::SleepFor(absl::Milliseconds(300));
  const std::vector<KeyChange> seen = changes.Snapshot();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].value, "1");
  EXPECT_EQ(seen[1].value, "2");
}

}  // namespace
}  // namespace beacon::jetstream
