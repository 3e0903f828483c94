#include "clients/bench/file_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace beacon::bench {

absl::Status EnsureOpenFileLimit(uint64_t needed) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return absl::InternalError(absl::StrCat("getrlimit(RLIMIT_NOFILE): ", std::strerror(errno)));
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      return absl::InternalError(absl::StrCat("setrlimit(RLIMIT_NOFILE): ", std::strerror(errno)));
    }
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "this run needs about ", needed, " open files but the hard limit is ", limit.rlim_max,
        "; raise it (as root: `ulimit -Hn ", needed, "` in the launching shell, or a nofile ",
        "entry in /etc/security/limits.conf) or use fewer connections"));
  }
  return absl::OkStatus();
}

}  // namespace beacon::bench
