#include "edge/subscribe_query.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "edge/percent_decode.h"

namespace beacon::edge {

absl::StatusOr<std::vector<std::string>> ParseSubscribeAccounts(absl::string_view query) {
  std::vector<std::string> account_ids;
  for (const absl::string_view parameter : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    const std::pair<absl::string_view, absl::string_view> key_value =
        absl::StrSplit(parameter, absl::MaxSplits('=', 1));
    absl::StatusOr<std::string> key = PercentDecode(key_value.first, PlusSign::kSpace);
    if (!key.ok()) return key.status();
    if (*key != "account") continue;

    absl::StatusOr<std::string> value = PercentDecode(key_value.second, PlusSign::kSpace);
    if (!value.ok()) return value.status();
    if (value->empty()) return absl::InvalidArgumentError("Empty 'account' parameter");
    // Whether each id is well-formed is the core's rule: it refuses the stream with
    // INVALID_ARGUMENT (400).
    for (const absl::string_view id : absl::StrSplit(*value, ',')) {
      if (std::find(account_ids.begin(), account_ids.end(), id) == account_ids.end()) {
        account_ids.emplace_back(id);
      }
    }
  }
  return account_ids;
}

}  // namespace beacon::edge
