#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "jetstream/jetstream_metrics.h"
#include "jetstream/jetstream_options.h"
#include "jetstream/stream_query.h"

namespace beacon::jetstream {

namespace internal {
class EventPublisher;
class LeaderElections;
class NatsConnection;
}  // namespace internal

// The event stream on a NATS JetStream cluster: connects (two connections: one for publishing,
// whose writes are batched, one for everything else, whose writes go out at once; cnats
// reconnects each by itself, to any server of the cluster), creates the stream or brings its
// configuration in line with the options, publishes events and reads them back. Following the
// stream live is StreamFollower's job, accounts are KeyValueBucket's; both work through a client.
//
// Threading: every method may be called from any thread at any time. Publish completions run on
// library threads (see Publish). Lifetime: must outlive every StreamFollower, KeyValueBucket and
// KeyValueWatch made with it; the destructor runs Shutdown() and closes the connection.
class JetStreamClient {
 public:
  enum class ConnectionState { kConnecting, kConnected, kReconnecting, kDisconnected, kClosed };
  // Runs once per Publish: with the stream sequence the event was stored at, or why not.
  using PublishDone = std::function<void(absl::StatusOr<uint64_t> stream_seq)>;
  // Told how long each acknowledged publish took (from Publish() to its acknowledgement), on
  // the acknowledging thread; must be cheap and thread-safe (e.g. a histogram's Observe).
  using PublishLatencyObserver = std::function<void(absl::Duration)>;

  // Connects and sets the stream up. UNAVAILABLE when no server answers or the stream cannot be
  // set up in time (no JetStream leader yet: retry), INVALID_ARGUMENT for bad options,
  // FAILED_PRECONDITION when an existing stream cannot be brought in line.
  static absl::StatusOr<std::unique_ptr<JetStreamClient>> Connect(
      const JetStreamOptions& options, PublishLatencyObserver on_publish_acknowledged = nullptr);
  ~JetStreamClient();
  JetStreamClient(const JetStreamClient&) = delete;
  JetStreamClient& operator=(const JetStreamClient&) = delete;

  // Publishes `payload` (opaque bytes) for `account` on "<subject_prefix>.<account>" with
  // Nats-Msg-Id `msg_id`, asynchronously: returns at once and calls `done` exactly once.
  //  - With the stream sequence from JetStream's acknowledgement: the message is stored (on a
  //    majority of the replicas). An acknowledgement flagged as a duplicate (the same msg id was
  //    stored before, within the duplicate window) carries the sequence of the stored copy.
  //  - UNAVAILABLE when no acknowledgement came before `deadline` (or before the duplicate
  //    window, counted from the first attempt, would stop covering a retry). The event may or
  //    may not be stored; publishing it again with the same msg id is safe within the window.
  //  - INVALID_ARGUMENT for an empty account or msg id, or a message the stream refuses (too
  //    large); RESOURCE_EXHAUSTED when max_pending_publishes are pending already; UNAVAILABLE
  //    once Shutdown() has begun.
  // An attempt that fails or is not acknowledged within publish_attempt_timeout is sent again,
  // the same message with the same msg id, so the stream stores it once however many attempts
  // reach it. OK is never reported without an acknowledgement. Many publishes may be in flight;
  // acknowledgements (and so sequences) follow the order in which attempts reached the leader.
  // `done` runs on a library thread, or inline for refusals; it must not block (it may call
  // Publish again).
  void Publish(absl::string_view account, absl::string_view payload, absl::string_view msg_id,
               absl::Time deadline, PublishDone done);

  // Stored messages as storage::EventLog::Read would return them (see StreamQuery, StreamPage
  // and internal/stream_reader.h for how accounts are filtered). UNAVAILABLE while the stream
  // has no leader.
  absl::StatusOr<StreamPage> Read(const StreamQuery& query) const;
  // The stream's first and last sequence, message count and leader (one request to the leader).
  absl::StatusOr<StreamState> GetStreamState() const;

  // OK when connected and the stream has a leader answering within `timeout` (for a readiness
  // probe); UNAVAILABLE saying which is missing otherwise.
  absl::Status CheckReady(absl::Duration timeout = absl::Seconds(2)) const;
  // The worse of the two connections' states (kConnected only when both are).
  ConnectionState connection_state() const;
  JetStreamMetrics metrics() const;
  const JetStreamOptions& options() const;

  // Stops publishing (see Publish: pending publishes complete, those in flight get
  // shutdown_grace to be acknowledged). Reads keep working until destruction. Idempotent.
  void Shutdown();

 private:
  friend class StreamFollower;
  friend class KeyValueBucket;

  JetStreamClient(std::unique_ptr<internal::NatsConnection> connection,
                  std::unique_ptr<internal::NatsConnection> publish_connection,
                  std::unique_ptr<internal::EventPublisher> publisher,
                  std::unique_ptr<internal::LeaderElections> elections);

  // Requests, reads, followers and buckets: every message written at once.
  const std::unique_ptr<internal::NatsConnection> connection_;
  // Publishing: buffered writes, flushed after each batch.
  const std::unique_ptr<internal::NatsConnection> publish_connection_;
  const std::unique_ptr<internal::EventPublisher> publisher_;
  const std::unique_ptr<internal::LeaderElections> elections_;
};

}  // namespace beacon::jetstream
