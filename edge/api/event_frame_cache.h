#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "edge/api/websocket_frame.h"

namespace beacon::edge {

// The WebSocket text frame of each recent event, built once (the event's JSON, EventToJson) and
// shared by every WebSocket it goes to: a thousand subscribers of one event cost one JSON encoding,
// not a thousand. Keyed by seq; a hit is used only when the stored encoding is byte for byte the
// one asked about, so a seq seen again with other content (a core started on a new database) is
// never answered with another event's frame.
//
// Bounded: at most `max_events` frames and `max_bytes` of frames and encodings; beyond that the
// oldest entries go (a subscriber far behind then costs an encoding again, nothing else).
//
// Threading: one thread (each edge io thread has its own). Lifetime: frames handed out are shared
// pointers and outlive their eviction.
class EventFrameCache {
 public:
  EventFrameCache(size_t max_events, size_t max_bytes)
      : max_events_(max_events), max_bytes_(max_bytes) {}

  // The frame of the event whose protobuf encoding is `encoded`. InvalidArgument when it is not
  // a well-formed beacon.v1.Event (or its data is not valid UTF-8).
  absl::StatusOr<WebSocketFrame> FrameFor(absl::string_view encoded);

  size_t size() const { return entries_.size(); }
  size_t bytes() const { return bytes_; }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    std::string encoded;
    WebSocketFrame frame;
  };

  void Insert(uint64_t seq, Entry entry);
  void EvictOldest();

  const size_t max_events_;
  const size_t max_bytes_;
  absl::flat_hash_map<uint64_t, Entry> entries_;
  std::deque<uint64_t> insertion_order_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace beacon::edge
