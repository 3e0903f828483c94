#include "jetstream/internal/stream_setup.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "jetstream/internal/nats_handles.h"
#include "jetstream/internal/nats_status.h"

namespace beacon::jetstream::internal {
namespace {

int64_t LimitOrNone(int64_t limit) { return limit == 0 ? -1 : limit; }

// `subjects` must outlive the config (it points into it).
jsStreamConfig DesiredConfig(const JetStreamOptions& options, const char** subjects) {
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = options.stream_name.c_str();
  config.Description = "Beacon tracking events";
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Retention = js_LimitsPolicy;
  config.Discard = js_DiscardOld;
  config.Storage = js_FileStorage;
  config.Replicas = options.replicas;
  config.MaxMsgs = LimitOrNone(options.max_messages);
  config.MaxBytes = LimitOrNone(options.max_bytes);
  config.MaxAge = absl::ToInt64Nanoseconds(options.max_age);
  config.MaxMsgsPerSubject = -1;
  config.Duplicates = absl::ToInt64Nanoseconds(options.duplicate_window);
  return config;
}

bool SameSubjects(const jsStreamConfig& a, const jsStreamConfig& b) {
  if (a.SubjectsLen != b.SubjectsLen) return false;
  for (int i = 0; i < a.SubjectsLen; ++i) {
    if (std::string(a.Subjects[i]) != b.Subjects[i]) return false;
  }
  return true;
}

// Limits of 0 and -1 both mean "none" to the server.
bool SameLimit(int64_t a, int64_t b) { return a == b || (a <= 0 && b <= 0); }

bool NeedsUpdate(const jsStreamConfig& current, const jsStreamConfig& desired) {
  return !SameSubjects(current, desired) || current.Replicas != desired.Replicas ||
         !SameLimit(current.MaxMsgs, desired.MaxMsgs) ||
         !SameLimit(current.MaxBytes, desired.MaxBytes) ||
         !SameLimit(current.MaxAge, desired.MaxAge) || current.Duplicates != desired.Duplicates ||
         current.Discard != desired.Discard;
}

absl::Status CheckAndUpdate(const NatsConnection& connection, const jsStreamConfig& current,
                            jsStreamConfig& desired) {
  if (current.Storage != desired.Storage || current.Retention != desired.Retention) {
    return absl::FailedPreconditionError(
        absl::StrCat("stream ", desired.Name,
                     " exists with another storage type or retention policy, which cannot change"));
  }
  if (!NeedsUpdate(current, desired)) return absl::OkStatus();
  jsOptions request = connection.RequestOptions();
  jsStreamInfo* updated = nullptr;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  const natsStatus s = js_UpdateStream(&updated, connection.js(), &desired, &request, &js_error);
  StreamInfoPtr owned(updated);
  return NatsError(absl::StrCat("updating stream ", desired.Name), s, js_error);
}

}  // namespace

absl::Status EnsureEventStream(const NatsConnection& connection) {
  const JetStreamOptions& options = connection.options();
  const std::string subject = StreamSubjects(options);
  const char* subjects[] = {subject.c_str()};
  jsStreamConfig desired = DesiredConfig(options, subjects);

  for (int attempt = 0; attempt < 2; ++attempt) {
    jsOptions request = connection.RequestOptions();
    jsStreamInfo* info = nullptr;
    jsErrCode js_error = static_cast<jsErrCode>(0);
    natsStatus s =
        js_GetStreamInfo(&info, connection.js(), options.stream_name.c_str(), &request, &js_error);
    StreamInfoPtr existing(info);
    if (s == NATS_OK) return CheckAndUpdate(connection, *existing->Config, desired);
    if (s != NATS_NOT_FOUND && js_error != JSStreamNotFoundErr) {
      return NatsError(absl::StrCat("looking up stream ", options.stream_name), s, js_error);
    }
    jsStreamInfo* created = nullptr;
    js_error = static_cast<jsErrCode>(0);
    s = js_AddStream(&created, connection.js(), &desired, &request, &js_error);
    StreamInfoPtr owned(created);
    if (s == NATS_OK) return absl::OkStatus();
    if (js_error != JSStreamNameExistErr) {
      return NatsError(absl::StrCat("creating stream ", options.stream_name), s, js_error);
    }
    // Another process created it in the meantime: check it like an existing one.
  }
  return absl::AbortedError(
      absl::StrCat("stream ", options.stream_name, " kept changing while being set up"));
}

}  // namespace beacon::jetstream::internal
