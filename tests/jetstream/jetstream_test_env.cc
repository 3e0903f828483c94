#include "jetstream_test_env.h"

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace beacon::jetstream::testing {

JetStreamOptions OptionsFor(const beacon::testing::NatsCluster& cluster, int replicas) {
  JetStreamOptions options;
  options.servers = cluster.ClientUrls();
  options.replicas = replicas;
  options.connection_name = "beacon-jetstream-test";
  options.publish_attempt_timeout = absl::Seconds(1);
  options.reconnect_wait = absl::Milliseconds(100);
  return options;
}

absl::StatusOr<std::unique_ptr<JetStreamClient>> ConnectWhenReady(const JetStreamOptions& options,
                                                                  absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    absl::StatusOr<std::unique_ptr<JetStreamClient>> client = JetStreamClient::Connect(options);
    if (client.ok() || client.status().code() != absl::StatusCode::kUnavailable ||
        absl::Now() >= deadline) {
      return client;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
}

absl::StatusOr<uint64_t> PublishAndWait(JetStreamClient& client, const std::string& account,
                                        const std::string& payload, const std::string& msg_id,
                                        absl::Duration deadline) {
  absl::Notification done;
  absl::StatusOr<uint64_t> result;
  client.Publish(account, payload, msg_id, absl::Now() + deadline,
                 [&](absl::StatusOr<uint64_t> seq) {
                   result = std::move(seq);
                   done.Notify();
                 });
  done.WaitForNotification();
  return result;
}

absl::StatusOr<std::vector<StreamMessage>> ReadAll(const JetStreamClient& client,
                                                   StreamQuery query) {
  std::vector<StreamMessage> all;
  while (true) {
    absl::StatusOr<StreamPage> page = client.Read(query);
    if (!page.ok()) return page.status();
    for (StreamMessage& message : page->messages) all.push_back(std::move(message));
    if (page->end) return all;
    query.after = page->last_examined;
  }
}

void NatsServersTest::StartAndConnect(int nodes, int replicas, absl::Duration timeout) {
  cluster_ = nodes == 1 ? beacon::testing::NatsCluster::StartSingle()
                        : beacon::testing::NatsCluster::StartCluster(nodes);
  ASSERT_NE(cluster_, nullptr);
  absl::StatusOr<std::unique_ptr<JetStreamClient>> client =
      ConnectWhenReady(OptionsFor(*cluster_, replicas), timeout);
  ASSERT_TRUE(client.ok()) << client.status();
  client_ = *std::move(client);
}

}  // namespace beacon::jetstream::testing
