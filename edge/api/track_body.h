#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace beacon::edge {

// The event data in a POST /tracking body, which must be a JSON object with a string field
// "data" ({"data":"..."}; other fields are ignored). InvalidArgument, with a message meant for
// the client, when the body is not JSON or not of that shape. Whether the data itself is
// acceptable (non-empty, UTF-8, size) is the core's rule.
absl::StatusOr<std::string> TrackDataFromBody(const std::string& body);

}  // namespace beacon::edge
