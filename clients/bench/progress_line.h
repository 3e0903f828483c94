#pragma once

#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace beacon::bench {

// A once-a-second status line on stderr ("\r<label> 4s/10s  <status>") while a run is going.
// It is shown only when stderr is a terminal and the run is expected to take more than a few
// seconds; otherwise it does nothing.
//
// Threading: owns one printer thread that calls `status` about once a second, so `status` must
// be safe to call concurrently with the run (read atomics only). Lifetime: the destructor (or
// Stop()) ends the thread and clears the line; it must run before anything `status` reads dies.
class ProgressLine {
 public:
  ProgressLine(std::string label, absl::Duration expected, std::function<std::string()> status);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void Stop();

 private:
  void Loop();

  const std::string label_;
  const absl::Duration expected_;
  const std::function<std::string()> status_;
  const absl::Time start_;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace beacon::bench
