#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace beacon::edge {

// Compact JSON text of `json`, as every edge response and frame is written. Invalid UTF-8 in a
// string is replaced (U+FFFD) rather than thrown on: a stored event must never take the edge
// down.
inline std::string JsonText(const nlohmann::ordered_json& json) {
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace beacon::edge
