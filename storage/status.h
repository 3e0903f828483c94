#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace beacon::storage {

// A RocksDB failure as an absl::Status that says what was being done. Internal to storage/.
absl::Status ToStatus(const rocksdb::Status& status, absl::string_view what);

}  // namespace beacon::storage
