#include "edge/api/query_parameters.h"

#include <utility>

#include "absl/strings/str_split.h"
#include "edge/api/percent_decode.h"

namespace beacon::edge {

absl::StatusOr<std::vector<QueryParameter>> ParseQueryParameters(absl::string_view query) {
  std::vector<QueryParameter> parameters;
  for (const absl::string_view piece : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    const std::pair<absl::string_view, absl::string_view> name_value =
        absl::StrSplit(piece, absl::MaxSplits('=', 1));
    absl::StatusOr<std::string> name = PercentDecode(name_value.first, PlusSign::kSpace);
    if (!name.ok()) return name.status();
    absl::StatusOr<std::string> value = PercentDecode(name_value.second, PlusSign::kSpace);
    if (!value.ok()) return value.status();
    parameters.push_back({std::move(*name), std::move(*value)});
  }
  return parameters;
}

}  // namespace beacon::edge
