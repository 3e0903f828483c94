#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::core {

// A new random secret (256 bits from OpenSSL's CSPRNG) as 64 lowercase hex characters.
absl::StatusOr<std::string> NewSecret();
// SHA-256 of `secret` (32 raw bytes). Secrets are random 256-bit values, so a plain hash is
// enough to keep a stolen database from yielding usable keys; no slow password hash is needed.
std::string HashSecret(absl::string_view secret);
// Compares two hashes in time independent of where they differ.
bool HashesEqual(absl::string_view a, absl::string_view b);

}  // namespace beacon::core
