#ifndef BEACON_EDGE_SUBSCRIBE_QUERY_H_
#define BEACON_EDGE_SUBSCRIBE_QUERY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::edge {

// Reads the account filter of GET /subscribe from its query string (without the '?').
// `account` may repeat (account=a&account=b) and each value may list ids separated by commas
// (account=a,b). No `account` parameter means every account (an empty list). Duplicates are
// dropped, first occurrence kept. Other parameters are ignored. A malformed escape, an empty value
// or an id that is not a syntactically valid account id is an InvalidArgument error.
absl::StatusOr<std::vector<std::string>> ParseSubscribeAccounts(absl::string_view query);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_SUBSCRIBE_QUERY_H_
