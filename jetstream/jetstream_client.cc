#include "jetstream/jetstream_client.h"

#include <nats/nats.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "jetstream/internal/event_publisher.h"
#include "jetstream/internal/event_subjects.h"
#include "jetstream/internal/leader_elections.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/internal/nats_handles.h"
#include "jetstream/internal/stream_reader.h"
#include "jetstream/internal/stream_setup.h"
#include "jetstream/internal/stream_state.h"

namespace beacon::jetstream {
namespace {

JetStreamClient::ConnectionState StateOf(natsConnection* connection) {
  using State = JetStreamClient::ConnectionState;
  switch (natsConnection_Status(connection)) {
    case NATS_CONN_STATUS_CONNECTED:
    case NATS_CONN_STATUS_DRAINING_SUBS:
    case NATS_CONN_STATUS_DRAINING_PUBS:
      return State::kConnected;
    case NATS_CONN_STATUS_CONNECTING:
      return State::kConnecting;
    case NATS_CONN_STATUS_RECONNECTING:
      return State::kReconnecting;
    case NATS_CONN_STATUS_CLOSED:
      return State::kClosed;
    case NATS_CONN_STATUS_DISCONNECTED:
    default:
      return State::kDisconnected;
  }
}

uint64_t ReconnectsOf(natsConnection* connection) {
  natsStatistics* raw = nullptr;
  if (natsStatistics_Create(&raw) != NATS_OK) return 0;
  internal::StatisticsPtr stats(raw);
  uint64_t reconnects = 0;
  if (natsConnection_GetStats(connection, raw) != NATS_OK ||
      natsStatistics_GetCounts(raw, nullptr, nullptr, nullptr, nullptr, &reconnects) != NATS_OK) {
    return 0;
  }
  return reconnects;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JetStreamClient>> JetStreamClient::Connect(
    const JetStreamOptions& options, PublishLatencyObserver on_publish_acknowledged) {
  using Writes = internal::NatsConnection::Writes;
  absl::StatusOr<std::unique_ptr<internal::NatsConnection>> connection =
      internal::NatsConnection::Connect(options, Writes::kImmediate);
  if (!connection.ok()) return connection.status();
  if (absl::Status s = internal::EnsureEventStream(**connection); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<internal::NatsConnection>> publish_connection =
      internal::NatsConnection::Connect(options, Writes::kBuffered);
  if (!publish_connection.ok()) return publish_connection.status();
  absl::StatusOr<std::unique_ptr<internal::LeaderElections>> elections =
      internal::LeaderElections::Listen(**connection, options.stream_name);
  if (!elections.ok()) return elections.status();
  absl::StatusOr<std::unique_ptr<internal::EventPublisher>> publisher =
      internal::EventPublisher::Create(**publish_connection, std::move(on_publish_acknowledged));
  if (!publisher.ok()) return publisher.status();
  return std::unique_ptr<JetStreamClient>(
      new JetStreamClient(*std::move(connection), *std::move(publish_connection),
                          *std::move(publisher), *std::move(elections)));
}

JetStreamClient::JetStreamClient(std::unique_ptr<internal::NatsConnection> connection,
                                 std::unique_ptr<internal::NatsConnection> publish_connection,
                                 std::unique_ptr<internal::EventPublisher> publisher,
                                 std::unique_ptr<internal::LeaderElections> elections)
    : connection_(std::move(connection)),
      publish_connection_(std::move(publish_connection)),
      publisher_(std::move(publisher)),
      elections_(std::move(elections)) {}

JetStreamClient::~JetStreamClient() { Shutdown(); }

void JetStreamClient::Shutdown() { publisher_->Stop(); }

void JetStreamClient::Publish(absl::string_view account, absl::string_view payload,
                              absl::string_view msg_id, absl::Time deadline, PublishDone done) {
  publisher_->Publish(internal::EventSubject(connection_->options(), account), payload, msg_id,
                      deadline, std::move(done));
}

absl::StatusOr<StreamPage> JetStreamClient::Read(const StreamQuery& query) const {
  return internal::ReadStream(*connection_, query);
}

absl::StatusOr<StreamState> JetStreamClient::GetStreamState() const {
  return internal::LoadStreamState(*connection_, connection_->options().stream_name,
                                   connection_->options().api_timeout);
}

absl::Status JetStreamClient::CheckReady(absl::Duration timeout) const {
  if (connection_state() != ConnectionState::kConnected) {
    return absl::UnavailableError("not connected to a NATS server");
  }
  absl::StatusOr<StreamState> state =
      internal::LoadStreamState(*connection_, connection_->options().stream_name, timeout);
  if (!state.ok()) {
    return absl::UnavailableError(
        absl::StrCat("the stream does not answer: ", state.status().message()));
  }
  if (!state->cluster.empty() && state->leader.empty()) {
    return absl::UnavailableError("the stream has no leader");
  }
  return absl::OkStatus();
}

JetStreamClient::ConnectionState JetStreamClient::connection_state() const {
  const ConnectionState requests = StateOf(connection_->connection());
  return requests != ConnectionState::kConnected ? requests
                                                 : StateOf(publish_connection_->connection());
}

JetStreamMetrics JetStreamClient::metrics() const {
  JetStreamMetrics metrics;
  const internal::PublishCounters& counters = publisher_->counters();
  metrics.publishes_acknowledged = counters.acknowledged.load(std::memory_order_relaxed);
  metrics.publish_duplicates = counters.duplicates.load(std::memory_order_relaxed);
  metrics.publishes_failed = counters.failed.load(std::memory_order_relaxed);
  metrics.publish_attempt_errors = counters.attempt_errors.load(std::memory_order_relaxed);
  metrics.publish_retries = counters.retries.load(std::memory_order_relaxed);
  metrics.publishes_pending = publisher_->pending();
  metrics.reconnects =
      ReconnectsOf(connection_->connection()) + ReconnectsOf(publish_connection_->connection());
  metrics.stream_leader_elections = elections_->count();
  return metrics;
}

const JetStreamOptions& JetStreamClient::options() const { return connection_->options(); }

}  // namespace beacon::jetstream
