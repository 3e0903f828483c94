#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::edge {

struct QueryParameter {
  std::string name;
  std::string value;  // empty for "name" and "name="
};

// Splits a URL query string (without the '?') into its percent-decoded parameters, in order,
// repeats included; '+' decodes to a space and empty pieces ("a=1&&b=2") are skipped. A malformed
// percent-escape is an InvalidArgument error. The query's size is bounded by websocketpp's limit
// on request headers.
absl::StatusOr<std::vector<QueryParameter>> ParseQueryParameters(absl::string_view query);

}  // namespace beacon::edge
