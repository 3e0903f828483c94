#include "storage/status.h"

#include "absl/strings/str_cat.h"

namespace beacon::storage {

absl::Status ToStatus(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", status.ToString()));
}

}  // namespace beacon::storage
