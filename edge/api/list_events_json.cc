#include "edge/api/list_events_json.h"

#include <nlohmann/json.hpp>

#include "edge/api/event_json.h"
#include "edge/api/json_text.h"

namespace beacon::edge {

std::string ListEventsResponseToJson(const beacon::v1::ListEventsResponse& response) {
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const beacon::v1::Event& event : response.events()) {
    events.push_back(EventJsonObject(event));
  }
  nlohmann::ordered_json json;
  json["events"] = std::move(events);
  json["next_page_token"] = response.next_page_token();
  if (response.truncated_before() != 0) json["truncated_before"] = response.truncated_before();
  return JsonText(json);
}

}  // namespace beacon::edge
