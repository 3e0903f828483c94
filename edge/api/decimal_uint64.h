#pragma once

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace beacon::edge {

// Strictly parses a query parameter value as an unsigned 64-bit decimal number: one or more ASCII
// digits and nothing else (no sign, no spaces, no hex). Nothing when `text` is not of that form
// or does not fit in 64 bits. (absl::SimpleAtoi would also take "+5" and " 5".)
std::optional<uint64_t> ParseDecimalUint64(absl::string_view text);

}  // namespace beacon::edge
