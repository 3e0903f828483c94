#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "jetstream/jetstream_client.h"
#include "jetstream/stream_message.h"
#include "jetstream/stream_query.h"
#include "nats_cluster.h"

namespace beacon::jetstream::testing {

// Options for a client of `cluster`'s nodes; `replicas` copies of the stream.
JetStreamOptions OptionsFor(const beacon::testing::NatsCluster& cluster, int replicas);

// Connects, retrying while the cluster has no JetStream leader yet (up to `timeout`).
absl::StatusOr<std::unique_ptr<JetStreamClient>> ConnectWhenReady(
    const JetStreamOptions& options, absl::Duration timeout = absl::Seconds(20));

// Publishes and waits for the completion.
absl::StatusOr<uint64_t> PublishAndWait(JetStreamClient& client, const std::string& account,
                                        const std::string& payload, const std::string& msg_id,
                                        absl::Duration deadline = absl::Seconds(10));

// Every message `query` selects, paging with after = last_examined until the end.
absl::StatusOr<std::vector<StreamMessage>> ReadAll(const JetStreamClient& client,
                                                   StreamQuery query);

// A test against real nats-server processes and one client of them: StartAndConnect() in SetUp.
class NatsServersTest : public ::testing::Test {
 protected:
  // Starts one server (nodes == 1) or a cluster of `nodes`, then connects a client whose stream
  // has `replicas` copies. Fails the test (fatally) when either does not happen.
  void StartAndConnect(int nodes, int replicas, absl::Duration timeout = absl::Seconds(20));

  std::unique_ptr<beacon::testing::NatsCluster> cluster_;
  std::unique_ptr<JetStreamClient> client_;
};

// Collects what a callback receives on another thread. Thread-safe.
template <typename T>
class Collector {
 public:
  void Add(T item) {
    absl::MutexLock lock(&mu_);
    items_.push_back(std::move(item));
  }
  // True once at least `count` items arrived within `timeout`.
  bool WaitFor(size_t count, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    const auto enough = [this, count]()
                            ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return items_.size() >= count; };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  }
  std::vector<T> Snapshot() const {
    absl::MutexLock lock(&mu_);
    return items_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<T> items_ ABSL_GUARDED_BY(mu_);
};

}  // namespace beacon::jetstream::testing
