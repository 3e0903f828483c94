#include "edge/event_json.h"

#include <nlohmann/json.hpp>

namespace beacon::edge {

std::string EventToJson(const beacon::v1::Event& event) {
  nlohmann::ordered_json json;
  json["account_id"] = event.account_id();
  json["timestamp"] = event.timestamp();
  json["data"] = event.data();
  json["seq"] = event.seq();
  // Replace rather than throw on invalid UTF-8: an event must never take the edge down.
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace beacon::edge
