#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::edge {

// A beacon.v1.SubscribeResponse as it came off the wire, split into its events' encodings without
// parsing them: the edge builds each event's WebSocket frame once (EventFrameCache), not once per
// subscriber, so per subscriber it only needs to know where each event's bytes are.
struct SubscribeResponseView {
  std::vector<absl::string_view> events;  // each a serialized beacon.v1.Event, in order
  uint64_t truncated_before = 0;
};

// Views into `bytes`, which must outlive the result. InvalidArgument when `bytes` is not a
// well-formed SubscribeResponse (unknown fields are skipped, as protobuf does).
absl::StatusOr<SubscribeResponseView> SplitSubscribeResponse(absl::string_view bytes);

// The seq (field 1) of a serialized beacon.v1.Event, 0 when it has none; InvalidArgument when
// the bytes are not a well-formed message.
absl::StatusOr<uint64_t> SeqOfEncodedEvent(absl::string_view encoded);

}  // namespace beacon::edge
