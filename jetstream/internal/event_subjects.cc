#include "jetstream/internal/event_subjects.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "jetstream/subject_token.h"

namespace beacon::jetstream::internal {

absl::StatusOr<std::string> EventSubject(const JetStreamOptions& options,
                                         absl::string_view account) {
  absl::StatusOr<std::string> token = EncodeSubjectToken(account);
  if (!token.ok()) return absl::InvalidArgumentError("an event needs an account");
  return absl::StrCat(options.subject_prefix, ".", *token);
}

absl::StatusOr<std::string> AccountOfSubject(const JetStreamOptions& options,
                                             absl::string_view subject) {
  if (!absl::StartsWith(subject, options.subject_prefix) ||
      subject.size() <= options.subject_prefix.size() + 1 ||
      subject[options.subject_prefix.size()] != '.') {
    return absl::DataLossError(absl::StrCat("not an event subject: ", subject));
  }
  return DecodeSubjectToken(subject.substr(options.subject_prefix.size() + 1));
}

}  // namespace beacon::jetstream::internal
