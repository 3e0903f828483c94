#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::edge {

// What GET /subscribe asks for.
struct SubscribeQuery {
  // Empty: every account.
  std::vector<std::string> account_ids;
  // Resume after this seq (replay stored events first); absent: live events only.
  std::optional<uint64_t> since;
};

// Reads GET /subscribe's query string (without the '?').
// `account` may repeat (account=a&account=b) and each value may list ids separated by commas
// (account=a,b). No `account` parameter means every account (an empty list). Duplicates are
// dropped, first occurrence kept. `since`, at most once, is a decimal uint64. Other parameters
// are ignored. A malformed escape, an empty account value or a malformed or repeated `since` is
// an InvalidArgument error whose message is meant for the client. Whether an account id is
// well-formed is the core's rule (it refuses the stream with INVALID_ARGUMENT).
absl::StatusOr<SubscribeQuery> ParseSubscribeQuery(absl::string_view query);

}  // namespace beacon::edge
