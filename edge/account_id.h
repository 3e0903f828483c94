#ifndef BEACON_EDGE_ACCOUNT_ID_H_
#define BEACON_EDGE_ACCOUNT_ID_H_

#include "absl/strings/string_view.h"

namespace beacon::edge {

// The syntax every account id must have: 1-64 characters of [A-Za-z0-9._-].
// The edge checks only this syntax; whether the account exists is the core's business.
bool IsValidAccountId(absl::string_view account_id);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_ACCOUNT_ID_H_
