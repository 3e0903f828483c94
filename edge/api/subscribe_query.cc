#include "edge/api/subscribe_query.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "edge/api/decimal_uint64.h"
#include "edge/api/query_parameters.h"

namespace beacon::edge {
namespace {

void AddAccountIds(absl::string_view comma_separated, std::vector<std::string>& account_ids) {
  for (const absl::string_view id : absl::StrSplit(comma_separated, ',')) {
    if (std::find(account_ids.begin(), account_ids.end(), id) == account_ids.end()) {
      account_ids.emplace_back(id);
    }
  }
}

}  // namespace

absl::StatusOr<SubscribeQuery> ParseSubscribeQuery(absl::string_view query) {
  absl::StatusOr<std::vector<QueryParameter>> parameters = ParseQueryParameters(query);
  if (!parameters.ok()) return parameters.status();
  SubscribeQuery parsed;
  for (const QueryParameter& parameter : *parameters) {
    if (parameter.name == "account") {
      if (parameter.value.empty()) return absl::InvalidArgumentError("Empty 'account' parameter");
      AddAccountIds(parameter.value, parsed.account_ids);
    } else if (parameter.name == "since") {
      if (parsed.since.has_value()) {
        return absl::InvalidArgumentError("'since' may be given only once");
      }
      parsed.since = ParseDecimalUint64(parameter.value);
      if (!parsed.since.has_value()) {
        return absl::InvalidArgumentError(
            "since must be a non-negative integer (a seq, at most 18446744073709551615)");
      }
    }
  }
  return parsed;
}

}  // namespace beacon::edge
