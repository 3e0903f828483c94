#include "edge/api/websocket_frame.h"

#include <cstdint>

namespace beacon::edge {

WebSocketFrame MakeTextFrame(absl::string_view payload) {
  // RFC 6455 section 5.2: FIN + opcode 1 (text); a server's frames are not masked.
  std::string bytes;
  bytes.reserve(payload.size() + 10);
  bytes.push_back(static_cast<char>(0x81));
  const uint64_t length = payload.size();
  if (length < 126) {
    bytes.push_back(static_cast<char>(length));
  } else if (length <= 0xffff) {
    bytes.push_back(126);
    for (int shift = 8; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>(length >> shift));
  } else {
    bytes.push_back(127);
    for (int shift = 56; shift >= 0; shift -= 8)
      bytes.push_back(static_cast<char>(length >> shift));
  }
  bytes.append(payload.data(), payload.size());
  return std::make_shared<const std::string>(std::move(bytes));
}

}  // namespace beacon::edge
