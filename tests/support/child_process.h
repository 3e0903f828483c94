#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace beacon::testing {

// A program (such as client.py, run.sh or a Beacon daemon) run as a child with its stdout and
// stderr captured: the one place the tests fork, exec and reap (BeaconProcess, RunCommand and
// NatsCluster run their processes through it). The child leads a process group of its own, so
// that whatever it starts goes with it, and is killed (SIGKILL) when the thread that created the
// ChildProcess exits (PR_SET_PDEATHSIG), so a crashed test leaves no process behind.
//
// Captured output is bounded: of each stream the first 1 MiB and the latest 8-9 MiB are kept,
// with one line "[... N bytes of output dropped ...]" in place of what lies between (so a daemon
// that logs for a long test does not grow the test's memory without end). Stdout(), Stderr() and
// the conditions of WaitUntilStdout() see what is kept; WaitForStdout() and WaitForStderr() also
// find text that went by while they wait, even if it was dropped since.
//
// Threading: a private thread drains both pipes; the methods may be called from any thread.
// Lifetime: the destructor kills the child's whole process group (SIGKILL) if the child still
// runs, and waits for it.
class ChildProcess {
 public:
  // Where the child's stderr goes: captured (Stderr(), WaitForStderr()), or straight to the test's
  // own stderr, where ctest shows it with a failing test (Stderr() then stays empty).
  enum class StderrTo { kCapture, kTest };

  // `argv[0]` is the program's path (no PATH search). `env`: NAME=value entries added to (or
  // replacing in) the test's environment.
  explicit ChildProcess(std::vector<std::string> argv, std::vector<std::string> env = {},
                        StderrTo stderr_to = StderrTo::kCapture);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits until stdout (stderr) contains `text`; true if it does. Returns false early once the
  // stream is closed (the child exited) without it.
  bool WaitForStdout(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(15));
  bool WaitForStderr(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Waits until `condition` holds for the captured stdout (called with it after each read, while
  // a lock is held: it must not call this object); true if it does. Returns false early once
  // stdout is closed (the child exited) and the condition does not hold.
  bool WaitUntilStdout(const std::function<bool(const std::string& stdout_text)>& condition,
                       std::chrono::milliseconds timeout);
  // Waits for the exit: the exit code, 128 + signal when a signal ended it, or nothing when it
  // still runs after `timeout`. Both pipes are fully drained when it returns a value.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Once WaitExit() returned a value: true when a signal ended the child (WaitExit() gave 128 +
  // the signal), false when it exited by itself (WaitExit() gave its exit code).
  bool EndedBySignal() const;
  // Sends `signal` to the child itself (not its process group); nothing once it has been reaped.
  void Signal(int signal);
  // SIGKILL to the child's process group (unless it has been reaped), then WaitExit() until it
  // returns a value; returns that.
  std::optional<int> Kill();
  // -1 when fork() failed (then WaitExit() returns nothing and the streams are empty).
  pid_t pid() const { return pid_; }

  std::string Stdout() const;
  std::string Stderr() const;

 private:
  // One captured stream, bounded as described above.
  struct Captured {
    std::string text;        // the head; once something was dropped, the marker and the tail
    size_t marker_size = 0;  // of the "dropped" line after the head (0 while nothing was)
    uint64_t dropped = 0;    // bytes no longer kept
    uint64_t total = 0;      // bytes ever read
    bool closed = false;     // EOF (or never opened)

    void Append(const char* data, size_t size);
    // Drops the oldest part of the tail once it is over its bound.
    void Trim();
    // Whether `needle` is in what was read after the first `*searched` bytes (less an overlap, so
    // a match across two reads counts); then sets `*searched` to `total`.
    bool FoundSince(const std::string& needle, uint64_t* searched) const;
  };
  // A WaitForStdout() or WaitForStderr() in progress: the drainer checks new output for its text
  // before it trims, so nothing goes by unseen.
  struct Wait {
    const Captured* stream;
    const std::string* text;
    uint64_t searched = 0;
    bool found = false;
  };

  void DrainPipes(int stdout_fd, int stderr_fd);
  bool WaitFor(const Captured& stream, const std::string& text, std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  std::thread drainer_;
  mutable std::mutex mu_;  // guards everything below
  std::condition_variable changed_;
  bool reaped_ = false;
  int exit_code_ = -1;  // once reaped: WaitExit()'s value
  bool signaled_ = false;
  bool drained_ = false;  // both pipes at EOF (the drainer is done)
  Captured stdout_;
  Captured stderr_;
  std::vector<Wait*> waits_;
};

}  // namespace beacon::testing
