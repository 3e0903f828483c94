#include "core/core_config.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/status_with_code.h"

namespace beacon::core {
namespace {

struct Limit {
  const char* flag;
  uint64_t value;
  bool zero_means_none = false;
};

// A negative int64 flag value wraps to above INT64_MAX; cast back, it is the number given.
absl::Status CheckLimit(const Limit& limit) {
  const int64_t given = static_cast<int64_t>(limit.value);
  if (given > 0 || (given == 0 && limit.zero_means_none)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("--", limit.flag, " must be ",
                                                 limit.zero_means_none ? "0 or more" : "positive",
                                                 " (got ", given, ")"));
}

absl::Status CheckAuthMode(const char* flag, const std::string& value) {
  if (value == kAuthOff || value == kAuthRequired) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " must be off or required (got \"", value, "\")"));
}

}  // namespace

absl::Status CoreConfig::Validate() const {
  const Limit limits[] = {
      {"max_data_bytes", tracker.max_data_bytes},
      {"subscriber_queue_events", tracker.queue.max_events},
      {"subscriber_queue_bytes", tracker.queue.max_bytes},
      {"batch_max_events", tracker.queue.max_batch_events},
      {"batch_max_bytes", tracker.queue.max_batch_bytes},
      {"max_subscriptions", max_subscriptions},
      {"max_pending_events", commit.max_pending_events},
      {"max_pending_bytes", commit.max_pending_bytes},
      {"commit_group_events", commit.max_group_events},
      {"replay_max_examined", tracker.replay_max_examined},
      {"list_max_examined", history.max_examined_per_page},
      {"retention_max_events", retention.max_events, /*zero_means_none=*/true},
      {"log_write_buffer_bytes", database.events_write_buffer_bytes},
      {"seq_reserve_block", seq_reserve_block},
      {"fanout_threads", fanout_threads, /*zero_means_none=*/true},
  };
  for (const Limit& limit : limits) {
    if (absl::Status s = CheckLimit(limit); !s.ok()) return s;
  }
  if (retention.max_age < absl::ZeroDuration() || retention.interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--retention_max_age must not be negative and --retention_interval must be positive");
  }
  if (subscribe_linger < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--subscribe_linger must not be negative");
  }
  if (absl::Status s = CheckAuthMode("subscriber_auth", subscriber_auth); !s.ok()) return s;
  if (absl::Status s = CheckAuthMode("track_auth", track_auth); !s.ok()) return s;
  if (const absl::StatusOr<std::optional<TlsPem>> pem = ReadTlsFiles(tls); !pem.ok()) {
    return WithCodeInMessage(pem.status());
  }
  return absl::OkStatus();
}

AccessRules CoreConfig::Access() const {
  AccessRules rules;
  rules.subscriber_auth_required = subscriber_auth == kAuthRequired;
  rules.track_auth_required = track_auth == kAuthRequired;
  return rules;
}

std::string CoreConfig::AdminTokenPath() const {
  return admin_token_file.empty() ? data_dir + "/admin_token" : admin_token_file;
}

size_t CoreConfig::FanoutThreadCount() const {
  return fanout_threads > 0 ? fanout_threads : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace beacon::core
