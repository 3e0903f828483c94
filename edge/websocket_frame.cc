#include "edge/websocket_frame.h"

// websocketpp headers are not self-contained: the common memory header must come first.
#include <websocketpp/common/memory.hpp>
#include <websocketpp/frame.hpp>

namespace beacon::edge {

WebSocketFrame MakeTextFrame(absl::string_view payload) {
  namespace frame = websocketpp::frame;
  const frame::basic_header basic(frame::opcode::text, payload.size(), /*fin=*/true,
                                  /*mask=*/false);
  const frame::extended_header extended(payload.size());
  std::string bytes = frame::prepare_header(basic, extended);
  bytes.append(payload.data(), payload.size());
  return std::make_shared<const std::string>(std::move(bytes));
}

}  // namespace beacon::edge
