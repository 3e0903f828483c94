#pragma once

#include "absl/status/status.h"

namespace beacon::core {

// `status` with its message replaced by status.ToString() ("CODE: message"), code kept. Startup
// failures are printed as their message; those beacon-core has always printed with their code
// (storage, the admin token file, the TLS files) carry it in the message this way.
inline absl::Status WithCodeInMessage(const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(), status.ToString());
}

}  // namespace beacon::core
