#pragma once

#include <cstddef>

namespace beacon::v1 {

// The default of beacon-core's --max_data_bytes: the longest event data Track accepts. The edge
// sizes its default request body limit from it.
inline constexpr size_t kDefaultMaxDataBytes = 64 << 10;

}  // namespace beacon::v1
