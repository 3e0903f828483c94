#pragma once

// Internal to the jetstream library: one connection to the cluster and its JetStream context.

#include <nats/nats.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jetstream/jetstream_options.h"

namespace beacon::jetstream::internal {

// A cnats connection configured from JetStreamOptions (servers, TLS, credentials, reconnecting
// forever), with a JetStream context for API requests (stream info, consumers, reads, KV).
//
// Two ways of writing: kImmediate writes every message to the socket as it is sent (requests
// and their answers without delay); kBuffered lets cnats' flusher gather messages, which it does
// by waiting 1 ms after each one: the way for many publishes, whose sender flushes explicitly
// after each batch (see EventPublisher).
//
// Threading: immutable once connected; cnats connections and contexts may be used from any
// thread. Lifetime: every subscription and context made from connection() must be destroyed
// before this object; the destructor closes the connection.
class NatsConnection {
 public:
  enum class Writes { kImmediate, kBuffered };

  // UNAVAILABLE when no server could be reached; INVALID_ARGUMENT for unusable options.
  static absl::StatusOr<std::unique_ptr<NatsConnection>> Connect(const JetStreamOptions& options,
                                                                 Writes writes);
  ~NatsConnection();
  NatsConnection(const NatsConnection&) = delete;
  NatsConnection& operator=(const NatsConnection&) = delete;

  natsConnection* connection() const { return connection_; }
  jsCtx* js() const { return js_; }
  const JetStreamOptions& options() const { return options_; }
  // jsOptions for one API request: the configured timeout.
  jsOptions RequestOptions() const;
  // The API timeout in milliseconds, as cnats takes it.
  int64_t api_timeout_ms() const;

 private:
  NatsConnection(JetStreamOptions options, natsConnection* connection, jsCtx* js)
      : options_(std::move(options)), connection_(connection), js_(js) {}

  const JetStreamOptions options_;
  natsConnection* const connection_;
  jsCtx* const js_;
};

// A duration as whole milliseconds, at least 1 (cnats takes 0 as "no timeout").
int64_t ToMillis(absl::Duration d);

}  // namespace beacon::jetstream::internal
