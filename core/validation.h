#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace beacon::core {

constexpr size_t kMaxAccountIdLength = 64;

// OK for 1-64 characters of [A-Za-z0-9._-]; otherwise InvalidArgument saying what is wrong.
absl::Status ValidateAccountId(absl::string_view id);

// OK for valid UTF-8 of 1 to `max_bytes` bytes; otherwise InvalidArgument saying what is wrong,
// with ErrorReason DATA_TOO_LARGE when it is too long.
absl::Status ValidateEventData(absl::string_view data, size_t max_bytes);

}  // namespace beacon::core
