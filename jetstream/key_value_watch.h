#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "jetstream/key_value_bucket.h"

namespace beacon::jetstream {

namespace internal {
class PushFeed;
}  // namespace internal

// One change of a key-value bucket.
struct KeyChange {
  enum class Kind { kPut, kDelete };
  Kind kind = Kind::kPut;
  std::string key;
  std::string value;  // empty for kDelete
  uint64_t revision = 0;
};

// Delivers the changes of a bucket to `on_change`, in revision order, each once, within about a
// second of being written while the cluster is healthy, and resuming by itself after reconnects
// and leader changes (the same consumer handling as StreamFollower: a replacement consumer
// starts right after the last revision delivered). The bucket keeps only each key's latest
// revision, so a watch that was cut off sees, for a key changed several times meanwhile, only the
// latest change.
//
// Threads: `on_change` runs on the watch's private thread, one call at a time; it must not block
// for long and must not destroy the watch. Lifetime: `bucket` (and its client) must outlive the
// watch; the destructor stops it (joins its thread).
class KeyValueWatch {
 public:
  using OnChange = std::function<void(KeyChange change)>;

  // With `after_revision` 0: first the current state of every key (its value, or its deletion
  // when it was deleted), then every later change. Otherwise every change with a higher
  // revision (see KeyValueBucket::LastRevision).
  KeyValueWatch(const KeyValueBucket& bucket, uint64_t after_revision, OnChange on_change);
  ~KeyValueWatch();
  KeyValueWatch(const KeyValueWatch&) = delete;
  KeyValueWatch& operator=(const KeyValueWatch&) = delete;

  void Stop();
  // The revision of the last change delivered.
  uint64_t last_revision() const;

 private:
  std::unique_ptr<internal::PushFeed> feed_;
};

}  // namespace beacon::jetstream
