#include "jetstream/internal/kv_entries.h"

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "jetstream/subject_token.h"

namespace beacon::jetstream::internal {

std::string KvStreamName(absl::string_view bucket) { return absl::StrCat("KV_", bucket); }

std::string KvAllKeys(absl::string_view bucket) { return absl::StrCat("$KV.", bucket, ".>"); }

absl::StatusOr<std::string> KvSubject(absl::string_view bucket, absl::string_view key) {
  absl::StatusOr<std::string> token = EncodeSubjectToken(key);
  if (!token.ok()) return absl::InvalidArgumentError("a key cannot be empty");
  return absl::StrCat("$KV.", bucket, ".", *token);
}

absl::StatusOr<std::string> KvKeyOfSubject(absl::string_view bucket, absl::string_view subject) {
  const std::string prefix = absl::StrCat("$KV.", bucket, ".");
  if (!absl::StartsWith(subject, prefix)) {
    return absl::DataLossError(absl::StrCat("not a subject of bucket ", bucket, ": ", subject));
  }
  return DecodeSubjectToken(subject.substr(prefix.size()));
}

KvOperation KvOperationOf(natsMsg* msg) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, kKvOperationHeader, &value) != NATS_OK || value == nullptr) {
    return KvOperation::kPut;
  }
  if (std::strcmp(value, kKvDelete) == 0) return KvOperation::kDelete;
  if (std::strcmp(value, kKvPurge) == 0) return KvOperation::kPurge;
  return KvOperation::kPut;
}

}  // namespace beacon::jetstream::internal
