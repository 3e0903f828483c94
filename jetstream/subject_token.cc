#include "jetstream/subject_token.h"

#include "absl/strings/str_cat.h"

namespace beacon::jetstream {
namespace {

constexpr char kEscape = '=';
constexpr char kHexDigits[] = "0123456789ABCDEF";

bool IsPlain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> EncodeSubjectToken(absl::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("an empty string cannot be a subject token");
  std::string token;
  token.reserve(text.size());
  for (const char c : text) {
    if (IsPlain(c)) {
      token.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    token.push_back(kEscape);
    token.push_back(kHexDigits[byte >> 4]);
    token.push_back(kHexDigits[byte & 0xF]);
  }
  return token;
}

absl::StatusOr<std::string> DecodeSubjectToken(absl::string_view token) {
  if (token.empty()) return absl::DataLossError("empty subject token");
  std::string text;
  text.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (IsPlain(c)) {
      text.push_back(c);
      continue;
    }
    const int high = c == kEscape && i + 2 < token.size() ? HexValue(token[i + 1]) : -1;
    const int low = high >= 0 ? HexValue(token[i + 2]) : -1;
    if (low < 0) return absl::DataLossError(absl::StrCat("malformed subject token: ", token));
    const char decoded = static_cast<char>((high << 4) | low);
    if (IsPlain(decoded)) {
      return absl::DataLossError(absl::StrCat("subject token escapes a plain character: ", token));
    }
    text.push_back(decoded);
    i += 2;
  }
  return text;
}

}  // namespace beacon::jetstream
