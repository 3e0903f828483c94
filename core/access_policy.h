#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "storage/account_store.h"

namespace beacon::core {

struct AccessRules {
  bool subscriber_auth_required = false;  // Subscribe and ListEvents need keys
  bool track_auth_required = false;       // Track needs the account's key
};

// Who may do what. The admin token may do everything; an account's subscriber key may
// subscribe to, list and (when required) track that account. Callers present any number of
// bearer tokens (one per account they filter on, for example); only hashes are compared, in
// constant time, and no token ever appears in an error message.
//
// Threading: thread-safe (reads the account store only). Lifetime: `accounts` must outlive it.
class AccessPolicy {
 public:
  AccessPolicy(const storage::AccountStore& accounts, std::string admin_token_hash,
               AccessRules rules)
      : accounts_(accounts), admin_token_hash_(std::move(admin_token_hash)), rules_(rules) {}

  // UNAUTHENTICATED without a token, PERMISSION_DENIED with a wrong one.
  absl::Status AuthorizeAdmin(const std::vector<std::string>& tokens) const;
  // With subscriber auth required: a key for every account in `account_ids`; every account
  // (empty filter) needs the admin token.
  absl::Status AuthorizeRead(const std::vector<std::string>& tokens,
                             const std::vector<std::string>& account_ids) const;
  // With track auth required: the account's key (or the admin token).
  absl::Status AuthorizeTrack(const std::vector<std::string>& tokens,
                              const std::string& account_id) const;

 private:
  bool PresentsAdminToken(const std::vector<std::string>& hashes) const;
  bool PresentsAccountKey(const std::vector<std::string>& hashes,
                          const std::string& account_id) const;
  absl::Status RequireKeys(const std::vector<std::string>& tokens,
                           const std::vector<std::string>& account_ids) const;

  const storage::AccountStore& accounts_;
  const std::string admin_token_hash_;
  const AccessRules rules_;
};

}  // namespace beacon::core
