#include "edge/api/event_frame_cache.h"

#include <utility>

#include "beacon/v1/tracking.pb.h"
#include "edge/api/event_json.h"
#include "edge/api/subscribe_response_view.h"

namespace beacon::edge {
namespace {

size_t EntryBytes(const std::string& encoded, const WebSocketFrame& frame) {
  return encoded.size() + frame->size();
}

}  // namespace

absl::StatusOr<WebSocketFrame> EventFrameCache::FrameFor(absl::string_view encoded) {
  const absl::StatusOr<uint64_t> seq = SeqOfEncodedEvent(encoded);
  if (!seq.ok()) return seq.status();
  if (const auto it = entries_.find(*seq); it != entries_.end() && it->second.encoded == encoded) {
    ++hits_;
    return it->second.frame;
  }
  ++misses_;
  beacon::v1::Event event;
  if (!event.ParseFromArray(encoded.data(), static_cast<int>(encoded.size()))) {
    return absl::InvalidArgumentError("malformed event from the core");
  }
  std::string json;
  try {
    json = EventToJson(event);
  } catch (const std::exception&) {  // nlohmann refuses invalid UTF-8
    return absl::InvalidArgumentError("event from the core is not valid UTF-8");
  }
  WebSocketFrame frame = MakeTextFrame(json);
  Insert(*seq, Entry{std::string(encoded), frame});
  return frame;
}

void EventFrameCache::Insert(uint64_t seq, Entry entry) {
  if (const auto it = entries_.find(seq); it != entries_.end()) {
    // Same seq, other content: the old one is stale.
    bytes_ -= EntryBytes(it->second.encoded, it->second.frame);
    it->second = std::move(entry);
    bytes_ += EntryBytes(it->second.encoded, it->second.frame);
  } else {
    bytes_ += EntryBytes(entry.encoded, entry.frame);
    entries_.emplace(seq, std::move(entry));
    insertion_order_.push_back(seq);
  }
  while (entries_.size() > 1 && (entries_.size() > max_events_ || bytes_ > max_bytes_)) {
    EvictOldest();
  }
}

void EventFrameCache::EvictOldest() {
  const uint64_t seq = insertion_order_.front();
  insertion_order_.pop_front();
  const auto it = entries_.find(seq);
  bytes_ -= EntryBytes(it->second.encoded, it->second.frame);
  entries_.erase(it);
}

}  // namespace beacon::edge
