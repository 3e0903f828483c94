#include "server_frames.h"

namespace beacon::testing {

std::optional<ServerFrame> NextServerFrame(const std::string& bytes, size_t& at) {
  if (at + 2 > bytes.size()) return std::nullopt;
  const uint8_t opcode = static_cast<uint8_t>(bytes[at]) & 0x0f;
  uint64_t length = static_cast<uint8_t>(bytes[at + 1]) & 0x7f;
  size_t header = 2;
  if (length == 126) {
    if (at + 4 > bytes.size()) return std::nullopt;
    length = (static_cast<uint8_t>(bytes[at + 2]) << 8) | static_cast<uint8_t>(bytes[at + 3]);
    header = 4;
  } else if (length == 127) {
    return std::nullopt;
  }
  if (at + header + length > bytes.size()) return std::nullopt;
  ServerFrame frame{opcode, bytes.substr(at + header, length)};
  at += header + length;
  return frame;
}

std::optional<ServerFrame> FirstServerFrame(const std::string& bytes, uint8_t opcode) {
  size_t at = 0;
  while (std::optional<ServerFrame> frame = NextServerFrame(bytes, at)) {
    if (frame->opcode == opcode) return frame;
  }
  return std::nullopt;
}

}  // namespace beacon::testing
