#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace beacon::jetstream {

// Where the JetStream cluster is and how the event stream is configured. One set of options
// serves every component of the library (JetStreamClient, StreamFollower, KeyValueBucket).
struct JetStreamOptions {
  // nats:// (or tls://) URLs of the cluster's servers; the client connects to one of them and
  // fails over to the others (and to servers it learns from the cluster) by itself.
  std::vector<std::string> servers;
  // Sent to the servers, shown in their connection lists.
  std::string connection_name = "beacon";

  // The stream holding every event. An event of account A is published on
  // "<subject_prefix>.<A>" (A encoded as one subject token, see subject_token.h); the stream
  // captures "<subject_prefix>.>".
  std::string stream_name = "BEACON";
  std::string subject_prefix = "beacon.events";
  // Copies of every message kept by the cluster (1 for a single server; 3 for a 3-node cluster).
  int replicas = 3;
  // Retention limits; the oldest messages are removed beyond them. 0 = no limit.
  int64_t max_messages = 0;
  int64_t max_bytes = 0;
  absl::Duration max_age = absl::ZeroDuration();
  // How long the stream remembers a Nats-Msg-Id: a message published again with the same id
  // within this window is not stored again. Publish retries are confined to it (see
  // JetStreamClient::Publish). Must not exceed max_age when max_age is set.
  absl::Duration duplicate_window = absl::Minutes(2);

  // TLS: set ca_file to verify the servers (implies tls); cert_file and key_file to present a
  // client certificate. Empty = plain connection.
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
  // A NATS credentials file (user JWT and NKey seed), as produced by `nsc`. Empty = none.
  std::string credentials_file;

  // Time allowed to open a TCP (and TLS) connection to one server.
  absl::Duration connect_timeout = absl::Seconds(2);
  // Pause between reconnection attempts to the same server (cnats retries forever).
  absl::Duration reconnect_wait = absl::Milliseconds(250);
  // Ping interval; a server that misses two pings in a row is considered gone.
  absl::Duration ping_interval = absl::Seconds(5);
  // Time allowed for one JetStream API request (stream info, consumer creation, reads, KV ops).
  absl::Duration api_timeout = absl::Seconds(5);

  // Publishing: time one attempt waits for its acknowledgement before it is retried.
  absl::Duration publish_attempt_timeout = absl::Seconds(2);
  // Publishes accepted and not yet completed; beyond it Publish() refuses with
  // RESOURCE_EXHAUSTED.
  int max_pending_publishes = 65536;
  // Publishes sent and not yet acknowledged (cnats' async publish window).
  int max_publishes_in_flight = 4096;
  // On shutdown, time given to publishes in flight to be acknowledged.
  absl::Duration shutdown_grace = absl::Seconds(2);

  // Reading: messages fetched per request (bounds the memory of one read).
  int read_batch = 256;
  // Reads of a range of at most this many sequences fetch message by message from the leader
  // instead of creating a consumer (which costs more than a few requests); 0 = always a consumer.
  int direct_read_limit = 16;
};

// OK when `options` can be used; otherwise InvalidArgument naming the first offending field.
absl::Status ValidateOptions(const JetStreamOptions& options);

// "<subject_prefix>.>": every subject of the event stream.
std::string StreamSubjects(const JetStreamOptions& options);

}  // namespace beacon::jetstream
