#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace beacon::storage {

// Fixed-width big-endian encoding of an unsigned 64-bit number: reads the same on any machine,
// and byte-wise (RocksDB key) order equals numeric order. Internal to storage/.
std::string EncodeFixed64(uint64_t value);
// nullopt unless `bytes` is exactly 8 bytes long.
std::optional<uint64_t> DecodeFixed64(absl::string_view bytes);

}  // namespace beacon::storage
