#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace beacon::testing {

// One complete frame read from the raw bytes a server sent on a WebSocket (unmasked).
struct ServerFrame {
  uint8_t opcode = 0;  // 1 text, 8 close, 9 ping, ...
  std::string payload;
};

// The frame that starts at `at` in `bytes`, advancing `at` past it; nothing while that frame is
// not complete yet (or has a 64-bit length, which no test here receives).
std::optional<ServerFrame> NextServerFrame(const std::string& bytes, size_t& at);

// The first frame with `opcode` among the complete frames in `bytes`.
std::optional<ServerFrame> FirstServerFrame(const std::string& bytes, uint8_t opcode);

}  // namespace beacon::testing
