#include "core/admin_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/secrets.h"

namespace beacon::core {
namespace {

constexpr size_t kMaxTokenFileBytes = 4096;

absl::Status FileError(const std::string& what, const std::string& path) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", what, " admin token file ", path, ": ", std::strerror(errno)));
}

absl::StatusOr<std::string> ReadToken(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return FileError("open", path);
  std::string content(kMaxTokenFileBytes + 1, '\0');
  size_t filled = 0;
  while (filled < content.size()) {
    const ssize_t n = read(fd, content.data() + filled, content.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const absl::Status error = FileError("read", path);
      close(fd);
      return error;
    }
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  close(fd);
  if (filled > kMaxTokenFileBytes) {
    return absl::FailedPreconditionError(
        absl::StrCat("admin token file ", path, " is larger than ", kMaxTokenFileBytes, " bytes"));
  }
  content.resize(filled);
  const std::string token(absl::StripAsciiWhitespace(content));
  if (token.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("admin token file ", path, " is empty"));
  }
  return token;
}

}  // namespace

absl::StatusOr<std::string> LoadOrCreateAdminToken(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return ReadToken(path);
    return FileError("create", path);
  }
  absl::StatusOr<std::string> token = NewSecret();
  const std::string line = token.ok() ? *token + "\n" : "";
  const bool written = token.ok() &&
                       write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       fsync(fd) == 0;
  const absl::Status error = written ? absl::OkStatus() : FileError("write", path);
  close(fd);
  if (!token.ok()) {
    unlink(path.c_str());
    return token.status();
  }
  if (!error.ok()) {
    unlink(path.c_str());
    return error;
  }
  return token;
}

}  // namespace beacon::core
