#include "edge/api/event_json.h"

#include "edge/api/json_text.h"

namespace beacon::edge {

nlohmann::ordered_json EventJsonObject(const beacon::v1::Event& event) {
  nlohmann::ordered_json json;
  json["account_id"] = event.account_id();
  json["timestamp"] = event.timestamp();
  json["data"] = event.data();
  json["seq"] = event.seq();
  return json;
}

std::string EventToJson(const beacon::v1::Event& event) { return JsonText(EventJsonObject(event)); }

std::string TruncatedBeforeJson(uint64_t truncated_before) {
  return JsonText({{"truncated_before", truncated_before}});
}

}  // namespace beacon::edge
