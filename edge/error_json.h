#ifndef BEACON_EDGE_ERROR_JSON_H_
#define BEACON_EDGE_ERROR_JSON_H_

#include <string>

#include "absl/strings/string_view.h"

namespace beacon::edge {

// The body of every error response: {"error":"<message>"}.
std::string ErrorJson(absl::string_view message);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_ERROR_JSON_H_
