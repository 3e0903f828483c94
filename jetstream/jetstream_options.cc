#include "jetstream/jetstream_options.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace beacon::jetstream {
namespace {

bool HasSpaceOrWildcard(absl::string_view text) {
  for (const char c : text) {
    if (c == '*' || c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n') return true;
  }
  return false;
}

absl::Status ValidateSubjectPrefix(absl::string_view prefix) {
  if (prefix.empty() || HasSpaceOrWildcard(prefix)) {
    return absl::InvalidArgumentError(
        absl::StrCat("subject_prefix must be a subject without wildcards: '", prefix, "'"));
  }
  for (absl::string_view token : absl::StrSplit(prefix, '.')) {
    if (token.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("subject_prefix has an empty token: '", prefix, "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateOptions(const JetStreamOptions& options) {
  if (options.servers.empty()) return absl::InvalidArgumentError("servers is empty");
  if (options.stream_name.empty() || HasSpaceOrWildcard(options.stream_name) ||
      absl::StrContains(options.stream_name, '.') || absl::StrContains(options.stream_name, '/') ||
      absl::StrContains(options.stream_name, '\\')) {
    return absl::InvalidArgumentError(
        absl::StrCat("stream_name is not a valid stream name: '", options.stream_name, "'"));
  }
  if (absl::Status s = ValidateSubjectPrefix(options.subject_prefix); !s.ok()) return s;
  if (options.replicas < 1 || options.replicas > 5) {
    return absl::InvalidArgumentError("replicas must be 1 to 5");
  }
  if (options.max_messages < 0 || options.max_bytes < 0 || options.max_age < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("retention limits cannot be negative");
  }
  if (options.duplicate_window < absl::Milliseconds(100)) {
    return absl::InvalidArgumentError("duplicate_window must be at least 100ms");
  }
  if (options.max_age > absl::ZeroDuration() && options.duplicate_window > options.max_age) {
    return absl::InvalidArgumentError("duplicate_window cannot exceed max_age");
  }
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("tls_cert_file and tls_key_file go together");
  }
  for (const absl::Duration d :
       {options.connect_timeout, options.reconnect_wait, options.ping_interval, options.api_timeout,
        options.publish_attempt_timeout}) {
    if (d < absl::Milliseconds(1)) {
      return absl::InvalidArgumentError("timeouts and intervals must be at least 1ms");
    }
  }
  if (options.shutdown_grace < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("shutdown_grace cannot be negative");
  }
  if (options.direct_read_limit < 0) {
    return absl::InvalidArgumentError("direct_read_limit cannot be negative");
  }
  if (options.max_pending_publishes < 1 || options.max_publishes_in_flight < 1 ||
      options.read_batch < 1) {
    return absl::InvalidArgumentError(
        "max_pending_publishes, max_publishes_in_flight and read_batch must be positive");
  }
  return absl::OkStatus();
}

std::string StreamSubjects(const JetStreamOptions& options) {
  return absl::StrCat(options.subject_prefix, ".>");
}

}  // namespace beacon::jetstream
