#include "edge/api/redact_tokens.h"

#include "absl/strings/ascii.h"

namespace beacon::edge {
namespace {

bool StartsWithIgnoreCase(absl::string_view text, size_t at, absl::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(text[at + i])) != prefix[i]) return false;
  }
  return true;
}

bool EndsSecret(char c, bool ampersand_ends) {
  return absl::ascii_isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' ||
         (ampersand_ends && c == '&');
}

}  // namespace

std::string RedactTokens(absl::string_view text) {
  constexpr absl::string_view kRedacted = "REDACTED";
  std::string redacted;
  redacted.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    absl::string_view prefix;
    bool ampersand_ends = false;
    if (StartsWithIgnoreCase(text, i, "token=")) {
      prefix = text.substr(i, 6);
      ampersand_ends = true;
    } else if (StartsWithIgnoreCase(text, i, "bearer ")) {
      prefix = text.substr(i, 7);
    }
    if (prefix.empty()) {
      redacted.push_back(text[i++]);
      continue;
    }
    redacted.append(prefix.data(), prefix.size());
    i += prefix.size();
    const size_t secret_start = i;
    while (i < text.size() && !EndsSecret(text[i], ampersand_ends)) ++i;
    if (i > secret_start) redacted.append(kRedacted.data(), kRedacted.size());
  }
  return redacted;
}

}  // namespace beacon::edge
