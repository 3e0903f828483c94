#include "edge/api/list_events_query.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "edge/api/decimal_uint64.h"
#include "edge/api/query_parameters.h"

namespace beacon::edge {
namespace {

constexpr char kKnownParameters[] = "account, since, until, limit, page_token, token";

absl::StatusOr<uint64_t> NumberParameter(const QueryParameter& parameter, uint64_t max) {
  const std::optional<uint64_t> value = ParseDecimalUint64(parameter.value);
  if (!value.has_value() || *value > max) {
    return absl::InvalidArgumentError(
        absl::StrCat(parameter.name, " must be a non-negative integer (at most ", max, "), got \"",
                     parameter.value.substr(0, 40), parameter.value.size() > 40 ? "...\"" : "\""));
  }
  return *value;
}

}  // namespace

absl::StatusOr<beacon::v1::ListEventsRequest> ParseListEventsQuery(absl::string_view query) {
  absl::StatusOr<std::vector<QueryParameter>> parameters = ParseQueryParameters(query);
  if (!parameters.ok()) return parameters.status();

  beacon::v1::ListEventsRequest request;
  std::set<std::string> seen;
  for (const QueryParameter& parameter : *parameters) {
    if (parameter.name == "token") continue;  // keys, read by BearerTokensOf; may repeat
    if (!seen.insert(parameter.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", parameter.name.substr(0, 40), "' may be given only once"));
    }
    if (parameter.name == "account") {
      if (parameter.value.empty()) return absl::InvalidArgumentError("Empty 'account' parameter");
      request.set_account_id(parameter.value);
    } else if (parameter.name == "since" || parameter.name == "until") {
      absl::StatusOr<uint64_t> seq =
          NumberParameter(parameter, std::numeric_limits<uint64_t>::max());
      if (!seq.ok()) return seq.status();
      if (parameter.name == "since") {
        request.set_since(*seq);
      } else {
        request.set_until(*seq);
      }
    } else if (parameter.name == "limit") {
      absl::StatusOr<uint64_t> limit =
          NumberParameter(parameter, std::numeric_limits<uint32_t>::max());
      if (!limit.ok()) return limit.status();
      request.set_limit(static_cast<uint32_t>(*limit));
    } else if (parameter.name == "page_token") {
      request.set_page_token(parameter.value);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("Unknown parameter '",
                                                     parameter.name.substr(0, 40),
                                                     "'; GET /events takes ", kKnownParameters));
    }
  }
  return request;
}

}  // namespace beacon::edge
