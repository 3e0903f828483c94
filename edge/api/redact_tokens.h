#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace beacon::edge {

// `text` with every key it may carry replaced by "REDACTED": the value of each `token=`
// parameter (up to the next '&', whitespace or quote) and whatever follows "Bearer " (up to
// whitespace or a quote), case-insensitively. Everything the edge prints about a request goes
// through it, so a key never reaches a log.
std::string RedactTokens(absl::string_view text);

}  // namespace beacon::edge
