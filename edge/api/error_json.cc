#include "edge/api/error_json.h"

#include "edge/api/json_text.h"

namespace beacon::edge {

std::string ErrorJson(absl::string_view message) {
  return JsonText({{"error", std::string(message)}});
}

}  // namespace beacon::edge
