#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/event.h"

namespace beacon::core {

// The protobuf wire encoding of a beacon.v1.SubscribeResponse made of events that are already
// encoded (StoredEvent::encoded): a repeated message field is, per element, its tag, its length
// and its bytes, so a response is the events' own encodings with a few framing bytes between them,
// and no event is encoded again for each stream it goes to. Transport-free; the gRPC reactor turns
// the pieces into a ByteBuffer.
//
// Calls `piece(bytes, event)` for each consecutive piece of the encoding, in order: `event` is the
// event whose encoding `bytes` is (the caller may reference it instead of copying it while it
// holds `event`), or null for framing (tags, lengths, truncated_before). Concatenated, the pieces
// are exactly what SubscribeResponse::SerializeAsString() gives for the same events.
template <typename Piece>
void ForEachSubscribeResponsePiece(const std::vector<EventPtr>& events, uint64_t truncated_before,
                                   Piece&& piece);

// The total size of the pieces.
size_t SubscribeResponseSize(const std::vector<EventPtr>& events, uint64_t truncated_before);

namespace subscribe_response_internal {

constexpr char kEventsTag = 0x0a;           // field 1, length-delimited
constexpr char kTruncatedBeforeTag = 0x10;  // field 2, varint
constexpr size_t kMaxVarintBytes = 10;

// Writes `value` as a varint at `out`; returns the number of bytes written.
inline size_t WriteVarint(uint64_t value, char* out) {
  size_t n = 0;
  while (value >= 0x80) {
    out[n++] = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out[n++] = static_cast<char>(value);
  return n;
}

}  // namespace subscribe_response_internal

template <typename Piece>
void ForEachSubscribeResponsePiece(const std::vector<EventPtr>& events, uint64_t truncated_before,
                                   Piece&& piece) {
  namespace internal = subscribe_response_internal;
  char framing[1 + internal::kMaxVarintBytes];
  for (const EventPtr& event : events) {
    framing[0] = internal::kEventsTag;
    const size_t length = 1 + internal::WriteVarint(event->encoded().size(), framing + 1);
    piece(absl::string_view(framing, length), static_cast<const EventPtr*>(nullptr));
    piece(absl::string_view(event->encoded()), &event);
  }
  if (truncated_before != 0) {
    framing[0] = internal::kTruncatedBeforeTag;
    const size_t length = 1 + internal::WriteVarint(truncated_before, framing + 1);
    piece(absl::string_view(framing, length), static_cast<const EventPtr*>(nullptr));
  }
}

}  // namespace beacon::core
