#include "core/grpc/call_bearer_tokens.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace beacon::core {

std::vector<std::string> BearerTokens(const grpc::ServerContextBase& context) {
  constexpr absl::string_view kScheme = "bearer ";
  std::vector<std::string> tokens;
  const auto [begin, end] = context.client_metadata().equal_range("authorization");
  for (auto it = begin; it != end; ++it) {
    const absl::string_view value(it->second.data(), it->second.size());
    if (!absl::StartsWithIgnoreCase(value, kScheme)) continue;
    const absl::string_view token = absl::StripAsciiWhitespace(value.substr(kScheme.size()));
    if (!token.empty()) tokens.emplace_back(token);
  }
  return tokens;
}

}  // namespace beacon::core
