#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace beacon::testing {

// A program (such as client.py) run as a child with its stdout and stderr captured.
//
// Threading: a private thread drains both pipes; the methods may be called from any thread.
// Lifetime: the destructor kills the child (SIGKILL) if it still runs.
class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits until stdout contains `text`; true if it does.
  bool WaitForStdout(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Waits for the exit: the exit code, 128 + signal when a signal ended it, or nothing when it
  // still runs after `timeout`. Both pipes are fully drained when it returns a value.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  void Signal(int signal);

  std::string Stdout() const;
  std::string Stderr() const;

 private:
  void DrainPipes(int stdout_fd, int stderr_fd);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::thread drainer_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::string stdout_;
  std::string stderr_;
};

}  // namespace beacon::testing
