#pragma once

// Internal to the jetstream library: one bounded pass over a stream with an ephemeral pull
// consumer.

#include <nats/nats.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/internal/nats_handles.h"

namespace beacon::jetstream::internal {

struct PullScanConfig {
  std::string stream;
  // One subject (nats-server 2.9 consumers take a single filter); may contain wildcards.
  std::string filter_subject;
  // First sequence to deliver; ignored with last_per_subject.
  uint64_t start_seq = 1;
  // Deliver only the newest message of each subject (key-value listings).
  bool last_per_subject = false;
  // Deliver headers without payloads.
  bool headers_only = false;
  // A sequence the stream's leader is known to hold (learnt from it just before) whose message
  // the scan delivers: the scan is not complete before it has delivered that message or a
  // later one. 0 = none.
  uint64_t must_reach = 0;
};

// A message of a scan: the natsMsg and the sequences from its metadata.
struct ScannedMessage {
  MsgPtr msg;
  uint64_t seq = 0;
  uint64_t pending = 0;  // matching messages after this one when it was sent
};

// Creates an ephemeral pull consumer (acks off, in memory, one replica) and fetches from it in
// stream order until it is complete. The destructor asks for the consumer's deletion without
// waiting for the answer; the server also removes it after 30 s of inactivity (should the
// request be lost or the process die first).
//
// Why must_reach: nats-server 2.9 places a one-replica consumer of a replicated stream on any of
// the stream's servers, whose copy may lag behind the leader (by milliseconds normally, by much
// more while it catches up after a restart). Such a consumer reports "nothing pending" early.
// A scan is therefore complete only when its consumer reports nothing pending AND it has
// delivered must_reach (or beyond); until then Fetch waits (up to api_timeout) for the copy to
// catch up, and fails with UNAVAILABLE if it does not. Such a consumer may also start before
// start_seq (the server starts it at its copy's end when that is below start_seq): callers
// skip messages below start_seq.
//
// Creating the consumer is tried up to four times, half the API timeout each, when it times out:
// the server the cluster picks for it may be one still starting up, which answers nothing.
//
// Threading: one thread at a time. Lifetime: `connection` must outlive it.
class PullScan {
 public:
  static absl::StatusOr<std::unique_ptr<PullScan>> Start(const NatsConnection& connection,
                                                         const PullScanConfig& config);
  ~PullScan();
  PullScan(const PullScan&) = delete;
  PullScan& operator=(const PullScan&) = delete;

  // Every matching message up to the end the scan knows of has been fetched.
  bool complete() const { return pending_ == 0 && highest_seen_ >= must_reach_; }
  // Up to `batch` of the next messages, in stream order; none when complete(). Returns as soon
  // as the consumer has any, waiting up to api_timeout when it has none yet.
  absl::StatusOr<std::vector<ScannedMessage>> Fetch(int batch);

 private:
  PullScan(const NatsConnection& connection, std::string stream, std::string consumer,
           uint64_t pending, uint64_t must_reach)
      : connection_(connection),
        stream_(std::move(stream)),
        consumer_(std::move(consumer)),
        pending_(pending),
        must_reach_(must_reach) {}

  const NatsConnection& connection_;
  const std::string stream_;
  const std::string consumer_;
  SubscriptionPtr subscription_;
  uint64_t pending_;  // as the consumer last reported it
  const uint64_t must_reach_;
  uint64_t highest_seen_ = 0;
};

// The stream and consumer sequences and the pending count of a message received from a consumer.
absl::Status ReadMetadata(natsMsg* msg, uint64_t* stream_seq, uint64_t* consumer_seq,
                          uint64_t* pending);

}  // namespace beacon::jetstream::internal
