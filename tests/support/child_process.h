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

// A program (such as client.py or run.sh) run as a child with its stdout and stderr captured. The
// child leads a process group of its own, so that whatever it starts goes with it.
//
// Threading: a private thread drains both pipes; the methods may be called from any thread.
// Lifetime: the destructor kills the child's whole process group (SIGKILL) if the child still
// runs.
class ChildProcess {
 public:
  // `env`: NAME=value entries added to (or replacing in) the test's environment.
  explicit ChildProcess(std::vector<std::string> argv, std::vector<std::string> env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits until stdout (stderr) contains `text`; true if it does.
  bool WaitForStdout(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(15));
  bool WaitForStderr(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Waits for the exit: the exit code, 128 + signal when a signal ended it, or nothing when it
  // still runs after `timeout`. Both pipes are fully drained when it returns a value.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Sends `signal` to the child itself (not its process group).
  void Signal(int signal);
  pid_t pid() const { return pid_; }

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
