#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace beacon::core {

// The admin token in `path`: read when the file exists (surrounding whitespace ignored; it must
// not be empty), otherwise a new random one is written there with mode 0600. Errors name the
// path and say what failed; they never contain the token.
absl::StatusOr<std::string> LoadOrCreateAdminToken(const std::string& path);

}  // namespace beacon::core
