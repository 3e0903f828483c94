#include "edge/api/track_body.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"

namespace beacon::edge {

absl::StatusOr<std::string> TrackDataFromBody(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("Malformed JSON body");
  const auto data = json.is_object() ? json.find("data") : json.end();
  if (!json.is_object() || data == json.end() || !data->is_string()) {
    return absl::InvalidArgumentError("Body must be a JSON object with a string field \"data\"");
  }
  return data->get<std::string>();
}

}  // namespace beacon::edge
