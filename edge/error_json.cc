#include "edge/error_json.h"

#include <nlohmann/json.hpp>

namespace beacon::edge {

std::string ErrorJson(absl::string_view message) {
  nlohmann::ordered_json json;
  json["error"] = std::string(message);
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace beacon::edge
