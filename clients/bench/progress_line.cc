#include "clients/bench/progress_line.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_format.h"

namespace beacon::bench {

ProgressLine::ProgressLine(std::string label, absl::Duration expected,
                           std::function<std::string()> status)
    : label_(std::move(label)),
      expected_(expected),
      status_(std::move(status)),
      start_(absl::Now()) {
  if (isatty(STDERR_FILENO) && expected_ > absl::Seconds(3)) {
    thread_ = std::thread([this] { Loop(); });
  }
}

ProgressLine::~ProgressLine() { Stop(); }

void ProgressLine::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  if (thread_.joinable()) {
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

void ProgressLine::Loop() {
  absl::MutexLock lock(&mutex_);
  while (!mutex_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1))) {
    const std::string line = absl::StrFormat("\r\033[K%s %.0fs/%.0fs  %s", label_,
                                             absl::ToDoubleSeconds(absl::Now() - start_),
                                             absl::ToDoubleSeconds(expected_), status_());
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }
}

}  // namespace beacon::bench
