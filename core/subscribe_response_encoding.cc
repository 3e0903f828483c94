#include "core/subscribe_response_encoding.h"

namespace beacon::core {

size_t SubscribeResponseSize(const std::vector<EventPtr>& events, uint64_t truncated_before) {
  size_t size = 0;
  ForEachSubscribeResponsePiece(
      events, truncated_before,
      [&](absl::string_view bytes, const EventPtr*) { size += bytes.size(); });
  return size;
}

}  // namespace beacon::core
