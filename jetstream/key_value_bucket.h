#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jetstream/jetstream_client.h"
#include "jetstream/stream_query.h"

namespace beacon::jetstream {

struct KeyValueOptions {
  // Letters, digits, '_' and '-'.
  std::string bucket = "BEACON_ACCOUNTS";
  // Copies kept by the cluster; 0 = the client's `replicas`.
  int replicas = 0;
  // Largest value accepted; 0 = the server's limit.
  int32_t max_value_size = 0;
};

struct KeyValueEntry {
  std::string key;
  std::string value;
  uint64_t revision = 0;  // changes with every write to the bucket; compare-and-swap token
};

struct KeyPage {
  std::vector<std::string> keys;  // in key order
  bool more = false;              // keys after the last one exist
};

// Opaque values by key in a JetStream key-value bucket, replicated like the event stream (for
// Beacon: its serialized account records by account id). Every read and write goes to the
// bucket's stream leader, so a read sees every write acknowledged before it. Writes that take a
// revision are compare-and-swap: two processes cannot overwrite each other's change unseen.
// Keys may be any non-empty string (they are encoded as one subject token).
//
// A write that times out is retried with the same Nats-Msg-Id until api_timeout has passed
// twice; one that was applied although its answer was lost is recognised by that id, so the
// caller sees the outcome once.
//
// Threading: every method may be called from any thread at any time. Lifetime: `client` must
// outlive the bucket, and the bucket every KeyValueWatch made with it.
class KeyValueBucket {
 public:
  // Creates the bucket (history 1, file storage) or opens an existing one with the same
  // configuration; FAILED_PRECONDITION when it exists with another one.
  static absl::StatusOr<std::unique_ptr<KeyValueBucket>> Open(JetStreamClient& client,
                                                              const KeyValueOptions& options);

  // NOT_FOUND when the key has no value (never written or deleted).
  absl::StatusOr<KeyValueEntry> Get(absl::string_view key) const;
  // Stores `value` for a key that has none; returns its revision. ALREADY_EXISTS when it has.
  absl::StatusOr<uint64_t> Create(absl::string_view key, absl::string_view value);
  // Stores `value` if the key's revision is still `expected_revision`; returns the new one.
  // ABORTED when it changed meanwhile (read again and retry), NOT_FOUND when the key has no
  // value.
  absl::StatusOr<uint64_t> Update(absl::string_view key, absl::string_view value,
                                  uint64_t expected_revision);
  // Deletes the key's value. With `expected_revision` only if it is still that revision
  // (ABORTED otherwise); with 0, whatever the revision. NOT_FOUND when it has no value.
  absl::Status Delete(absl::string_view key, uint64_t expected_revision = 0);
  // Up to `limit` keys with a value, in key order, after `after` (from the first when empty).
  // Scans the newest message of every key (headers only) and keeps at most `limit` keys in
  // memory; sees every write acknowledged before it started.
  absl::StatusOr<KeyPage> ListKeys(absl::string_view after, size_t limit) const;
  // The bucket's latest revision (0 when never written): a watch started after it sees every
  // later change.
  absl::StatusOr<uint64_t> LastRevision() const;
  // The bucket's stream as its leader reports it (leader, revisions), e.g. for a readiness check.
  absl::StatusOr<StreamState> GetStreamState() const;

  const std::string& bucket() const { return bucket_; }

 private:
  friend class KeyValueWatch;

  KeyValueBucket(JetStreamClient& client, std::string bucket)
      : client_(client), bucket_(std::move(bucket)) {}

  const internal::NatsConnection& connection() const { return *client_.connection_; }
  // The newest message of `key`, deletion markers included.
  absl::StatusOr<KeyValueEntry> GetLatest(absl::string_view key, bool* deleted,
                                          std::string* msg_id) const;
  // Publishes a value (or a deletion marker) with the expectation on the key's last revision:
  // `expected_revision` > 0, or none when 0 and `expect_empty` is false. Returns the revision.
  absl::StatusOr<uint64_t> Write(absl::string_view key, absl::string_view value, bool deletion,
                                 uint64_t expected_revision, bool expect_empty);

  JetStreamClient& client_;
  const std::string bucket_;
};

}  // namespace beacon::jetstream
