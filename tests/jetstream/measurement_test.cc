// A measurement, built as its own executable and not run by ctest: the library's publish rate and
// latency on a 3-node cluster with three replicas, 100-byte messages. Run
//   build/tests/jetstream/jetstream_publish_measurement

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "jetstream/jetstream_client.h"
#include "jetstream/stream_query.h"
#include "jetstream_test_env.h"
#include "nats_cluster.h"

namespace beacon::jetstream {
namespace {

using beacon::testing::NatsCluster;
using testing::ConnectWhenReady;
using testing::OptionsFor;
using testing::PublishAndWait;

constexpr int kAsyncPublishes = 100000;
constexpr int kMaxOutstanding = 8192;
constexpr int kSyncPublishes = 2000;

TEST(JetStreamMeasurement, PublishRateAndLatencyOnThreeReplicas) {
  std::unique_ptr<NatsCluster> cluster = NatsCluster::StartCluster(3);
  ASSERT_NE(cluster, nullptr);
  absl::StatusOr<std::unique_ptr<JetStreamClient>> connected =
      ConnectWhenReady(OptionsFor(*cluster, 3), absl::Seconds(30));
  ASSERT_TRUE(connected.ok()) << connected.status();
  JetStreamClient& client = **connected;
  const std::string payload(100, 'x');
  for (int i = 0; i < 200; ++i) {  // warm-up
    ASSERT_TRUE(PublishAndWait(client, "warm", payload, absl::StrCat("warm-", i)).ok());
  }

  absl::Mutex mu;
  int outstanding = 0;
  int failures = 0;
  const absl::Time start = absl::Now();
  for (int i = 0; i < kAsyncPublishes; ++i) {
    {
      absl::MutexLock lock(&mu);
      const auto room = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
        return outstanding < kMaxOutstanding;
      };
      mu.Await(absl::Condition(&room));
      ++outstanding;
    }
    client.Publish(absl::StrCat("account", i % 16), payload, absl::StrCat("async-", i),
                   absl::Now() + absl::Seconds(30), [&](absl::StatusOr<uint64_t> seq) {
                     absl::MutexLock lock(&mu);
                     --outstanding;
                     if (!seq.ok()) ++failures;
                   });
  }
  {
    absl::MutexLock lock(&mu);
    const auto drained = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return outstanding == 0; };
    mu.Await(absl::Condition(&drained));
  }
  const absl::Duration async_elapsed = absl::Now() - start;
  EXPECT_EQ(failures, 0);

  std::vector<double> micros;
  for (int i = 0; i < kSyncPublishes; ++i) {
    const absl::Time begin = absl::Now();
    ASSERT_TRUE(PublishAndWait(client, "sync", payload, absl::StrCat("sync-", i)).ok());
    micros.push_back(absl::ToDoubleMicroseconds(absl::Now() - begin));
  }
  std::sort(micros.begin(), micros.end());
  double sum = 0;
  for (const double m : micros) sum += m;

  // One page (up to 256 events) from the middle of the stream, all accounts and one account.
  constexpr int kReads = 20;
  absl::Duration unfiltered;
  absl::Duration one_account;
  for (int i = 0; i < kReads; ++i) {
    StreamQuery query;
    query.after = 10000 + 1000 * i;
    const absl::Time begin = absl::Now();
    absl::StatusOr<StreamPage> page = client.Read(query);
    unfiltered += absl::Now() - begin;
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->messages.size(), 256u);
    query.accounts = {"account3"};
    const absl::Time begin_one = absl::Now();
    page = client.Read(query);
    one_account += absl::Now() - begin_one;
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->messages.size(), 256u);
  }
  std::printf("read of 256 events: all accounts %.1f ms, one account of 16 %.1f ms\n",
              absl::ToDoubleMilliseconds(unfiltered / kReads),
              absl::ToDoubleMilliseconds(one_account / kReads));
  std::printf(
      "async: %d publishes in %.2f s = %.0f/s; sync: mean %.0f us, p50 %.0f us, p99 %.0f us\n",
      kAsyncPublishes, absl::ToDoubleSeconds(async_elapsed),
      kAsyncPublishes / absl::ToDoubleSeconds(async_elapsed), sum / micros.size(),
      micros[micros.size() / 2], micros[micros.size() * 99 / 100]);
}

}  // namespace
}  // namespace beacon::jetstream
