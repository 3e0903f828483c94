#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace beacon::edge {

// The body of every error response: {"error":"<message>"}.
std::string ErrorJson(absl::string_view message);

}  // namespace beacon::edge
