#include "edge/account_id.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace beacon::edge {

bool IsValidAccountId(absl::string_view account_id) {
  constexpr size_t kMaxLength = 64;
  if (account_id.empty() || account_id.size() > kMaxLength) return false;
  return std::all_of(account_id.begin(), account_id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace beacon::edge
