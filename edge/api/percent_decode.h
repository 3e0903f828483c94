#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::edge {

enum class PlusSign { kLiteral, kSpace };

// Decodes %XX escapes of a URL path segment or query component. A '%' not followed by two hex
// digits is an InvalidArgument error. With PlusSign::kSpace, '+' decodes to ' ' (query strings).
absl::StatusOr<std::string> PercentDecode(absl::string_view encoded, PlusSign plus);

}  // namespace beacon::edge
