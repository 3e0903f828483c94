#pragma once

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace beacon::edge {

// One complete, unmasked server-to-client WebSocket frame (header and payload, contiguous), ready
// to be written to any number of sockets. Immutable once built, so one frame is shared by every
// subscriber it goes to.
using WebSocketFrame = std::shared_ptr<const std::string>;

// A final text frame carrying `payload`, which must be valid UTF-8 (the caller's JSON is).
WebSocketFrame MakeTextFrame(absl::string_view payload);

}  // namespace beacon::edge
