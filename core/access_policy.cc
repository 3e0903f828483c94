#include "core/access_policy.h"

#include "absl/strings/str_cat.h"
#include "core/secrets.h"

namespace beacon::core {
namespace {

std::vector<std::string> Hashes(const std::vector<std::string>& tokens) {
  std::vector<std::string> hashes;
  hashes.reserve(tokens.size());
  for (const std::string& token : tokens) hashes.push_back(HashSecret(token));
  return hashes;
}

absl::Status MissingToken(absl::string_view what) {
  return absl::UnauthenticatedError(
      absl::StrCat(what, " required: send authorization: Bearer <", what, ">"));
}

}  // namespace

bool AccessPolicy::PresentsAdminToken(const std::vector<std::string>& hashes) const {
  bool found = false;
  for (const std::string& hash : hashes) found |= HashesEqual(hash, admin_token_hash_);
  return found;
}

bool AccessPolicy::PresentsAccountKey(const std::vector<std::string>& hashes,
                                      const std::string& account_id) const {
  const absl::StatusOr<storage::Account> account = accounts_.Get(account_id);
  if (!account.ok() || account->key_hash.empty()) return false;
  bool found = false;
  for (const std::string& hash : hashes) found |= HashesEqual(hash, account->key_hash);
  return found;
}

absl::Status AccessPolicy::AuthorizeAdmin(const std::vector<std::string>& tokens) const {
  if (tokens.empty()) return MissingToken("admin token");
  if (!PresentsAdminToken(Hashes(tokens))) {
    return absl::PermissionDeniedError("the admin token is not valid");
  }
  return absl::OkStatus();
}

absl::Status AccessPolicy::RequireKeys(const std::vector<std::string>& tokens,
                                       const std::vector<std::string>& account_ids) const {
  if (tokens.empty()) return MissingToken("subscriber key");
  const std::vector<std::string> hashes = Hashes(tokens);
  if (PresentsAdminToken(hashes)) return absl::OkStatus();
  if (account_ids.empty()) {
    return absl::PermissionDeniedError("reading every account needs the admin token");
  }
  for (const std::string& id : account_ids) {
    // An unknown account fails here too, so keys do not reveal which accounts exist.
    if (!PresentsAccountKey(hashes, id)) {
      return absl::PermissionDeniedError(absl::StrCat("no valid key for account ", id));
    }
  }
  return absl::OkStatus();
}

absl::Status AccessPolicy::AuthorizeRead(const std::vector<std::string>& tokens,
                                         const std::vector<std::string>& account_ids) const {
  if (!rules_.subscriber_auth_required) return absl::OkStatus();
  return RequireKeys(tokens, account_ids);
}

absl::Status AccessPolicy::AuthorizeTrack(const std::vector<std::string>& tokens,
                                          const std::string& account_id) const {
  if (!rules_.track_auth_required) return absl::OkStatus();
  return RequireKeys(tokens, {account_id});
}

}  // namespace beacon::core
