#include "edge/api/bearer_tokens.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "edge/api/query_parameters.h"

namespace beacon::edge {
namespace {

bool IsForwardable(absl::string_view token) {
  if (token.size() > kMaxBearerTokenBytes) return false;
  for (const char c : token) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

absl::Status AddToken(absl::string_view token, std::vector<std::string>& tokens) {
  if (token.empty()) return absl::OkStatus();
  if (!IsForwardable(token)) {
    return absl::UnauthenticatedError(
        "Malformed key: at most 512 visible ASCII characters, no spaces");
  }
  tokens.emplace_back(token);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> BearerTokensOf(absl::string_view authorization_header,
                                                        absl::string_view query) {
  std::vector<std::string> tokens;
  const absl::string_view header = absl::StripAsciiWhitespace(authorization_header);
  constexpr absl::string_view kScheme = "bearer ";
  if (header.size() >= kScheme.size() &&
      absl::EqualsIgnoreCase(header.substr(0, kScheme.size()), kScheme)) {
    const absl::string_view token = absl::StripAsciiWhitespace(header.substr(kScheme.size()));
    if (absl::Status added = AddToken(token, tokens); !added.ok()) return added;
  }
  absl::StatusOr<std::vector<QueryParameter>> parameters = ParseQueryParameters(query);
  if (!parameters.ok()) return absl::UnauthenticatedError("Malformed query string");
  for (const QueryParameter& parameter : *parameters) {
    if (parameter.name != "token") continue;
    if (absl::Status added = AddToken(parameter.value, tokens); !added.ok()) return added;
  }
  return tokens;
}

}  // namespace beacon::edge
