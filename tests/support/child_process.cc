#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>

extern char** environ;

namespace beacon::testing {
namespace {

// The bounds of each captured stream (see the header): its first kHeadBytes are kept; of the
// rest, the latest kTailBytes, trimmed back to that whenever it grows kTrimBytes over.
constexpr size_t kHeadBytes = size_t{1} << 20;
constexpr size_t kTailBytes = size_t{8} << 20;
constexpr size_t kTrimBytes = size_t{1} << 20;

// The test's environment with `extra` (NAME=value) added, later entries replacing earlier ones.
std::vector<std::string> EnvironmentWith(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  const auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string current(*entry);
    bool replaced = false;
    for (const std::string& e : extra) replaced = replaced || name_of(e) == name_of(current);
    if (!replaced) env.push_back(current);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

}  // namespace

void ChildProcess::Captured::Append(const char* data, size_t size) {
  text.append(data, size);
  total += size;
}

void ChildProcess::Captured::Trim() {
  const size_t tail_begin = kHeadBytes + marker_size;
  if (text.size() <= tail_begin + kTailBytes + kTrimBytes) return;
  // Cut after a newline near the bound, so the tail starts with a whole line.
  size_t keep_from = text.size() - kTailBytes;
  if (const size_t newline = text.find('\n', keep_from);
      newline != std::string::npos && newline - keep_from < 4096) {
    keep_from = newline + 1;
  }
  dropped += keep_from - tail_begin;
  const std::string marker =
      "\n[... " + std::to_string(dropped) + " bytes of output dropped ...]\n";
  text.replace(kHeadBytes, keep_from - kHeadBytes, marker);
  marker_size = marker.size();
}

bool ChildProcess::Captured::FoundSince(const std::string& needle, uint64_t* searched) const {
  // Where byte `offset` of the stream is in `text` (the start of the tail if it was dropped).
  const auto position_of = [&](uint64_t offset) -> size_t {
    if (marker_size == 0 || offset <= kHeadBytes) return static_cast<size_t>(offset);
    if (offset < kHeadBytes + dropped) return kHeadBytes + marker_size;
    return static_cast<size_t>(offset - dropped) + marker_size;
  };
  const uint64_t overlap = needle.empty() ? 0 : needle.size() - 1;
  const size_t from = position_of(*searched > overlap ? *searched - overlap : 0);
  *searched = total;
  return text.find(needle, from) != std::string::npos;
}

ChildProcess::ChildProcess(std::vector<std::string> argv, std::vector<std::string> env,
                           StderrTo stderr_to) {
  std::vector<char*> c_argv;
  for (auto& arg : argv) c_argv.push_back(arg.data());
  c_argv.push_back(nullptr);
  // Built before fork(): the child of a multi-threaded process may only call async-signal-safe
  // functions.
  std::vector<std::string> environment = EnvironmentWith(env);
  std::vector<char*> c_env;
  for (auto& entry : environment) c_env.push_back(entry.data());
  c_env.push_back(nullptr);
  const bool capture_stderr = stderr_to == StderrTo::kCapture;
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) != 0 || (capture_stderr && pipe2(err, O_CLOEXEC) != 0)) {
    for (const int fd : {out[0], out[1]}) {
      if (fd >= 0) close(fd);
    }
    stdout_.closed = stderr_.closed = drained_ = true;
    return;
  }
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // If the test dies, its children must die too: orphans would keep ctest's output pipe open
    // and hang the whole run. (Checked against a parent that died before the prctl.)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    signal(SIGPIPE, SIG_DFL);  // the test process may ignore it; the child gets the usual default
    setpgid(0, 0);
    dup2(out[1], STDOUT_FILENO);
    if (capture_stderr) dup2(err[1], STDERR_FILENO);
    execve(c_argv[0], c_argv.data(), c_env.data());
    _exit(127);
  }
  if (pid_ < 0) pid_ = -1;
  close(out[1]);
  if (capture_stderr) close(err[1]);
  if (!capture_stderr) stderr_.closed = true;
  drainer_ = std::thread(
      [this, stdout_fd = out[0], stderr_fd = err[0]] { DrainPipes(stdout_fd, stderr_fd); });
}

ChildProcess::~ChildProcess() {
  bool running;
  {
    std::lock_guard lock(mu_);
    running = pid_ > 0 && !reaped_;
    // The group: also what the child started, which holds the pipes.
    if (running) kill(-pid_, SIGKILL);
  }
  if (running) WaitExit(std::chrono::seconds(10));
  if (drainer_.joinable()) drainer_.join();
}

void ChildProcess::DrainPipes(int stdout_fd, int stderr_fd) {
  pollfd fds[2] = {{stdout_fd, POLLIN, 0}, {stderr_fd, POLLIN, 0}};  // poll ignores a -1
  Captured* sinks[2] = {&stdout_, &stderr_};
  int open_pipes = stderr_fd >= 0 ? 2 : 1;
  while (open_pipes > 0) {
    if (poll(fds, 2, -1) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      std::lock_guard lock(mu_);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
        sinks[i]->closed = true;
      } else {
        sinks[i]->Append(buffer, static_cast<size_t>(n));
        for (Wait* wait : waits_) {
          if (wait->stream == sinks[i] && !wait->found) {
            wait->found = sinks[i]->FoundSince(*wait->text, &wait->searched);
          }
        }
        sinks[i]->Trim();
      }
      changed_.notify_all();
    }
  }
  std::lock_guard lock(mu_);
  drained_ = true;
  changed_.notify_all();
}

bool ChildProcess::WaitFor(const Captured& stream, const std::string& text,
                           std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  Wait wait{&stream, &text};
  wait.found = stream.FoundSince(text, &wait.searched);
  waits_.push_back(&wait);
  changed_.wait_for(lock, timeout, [&] { return wait.found || stream.closed; });
  waits_.erase(std::find(waits_.begin(), waits_.end(), &wait));
  return wait.found;
}

bool ChildProcess::WaitForStdout(const std::string& text, std::chrono::milliseconds timeout) {
  return WaitFor(stdout_, text, timeout);
}

bool ChildProcess::WaitForStderr(const std::string& text, std::chrono::milliseconds timeout) {
  return WaitFor(stderr_, text, timeout);
}

bool ChildProcess::WaitUntilStdout(const std::function<bool(const std::string&)>& condition,
                                   std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  bool holds = false;
  changed_.wait_for(lock, timeout,
                    [&] { return (holds = condition(stdout_.text)) || stdout_.closed; });
  return holds;
}

std::optional<int> ChildProcess::WaitExit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mu_);
  if (pid_ <= 0) return std::nullopt;
  while (!reaped_) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      signaled_ = WIFSIGNALED(status);
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    lock.lock();
  }
  changed_.wait(lock, [&] { return drained_; });
  return exit_code_;
}

bool ChildProcess::EndedBySignal() const {
  std::lock_guard lock(mu_);
  return reaped_ && signaled_;
}

void ChildProcess::Signal(int signal) {
  std::lock_guard lock(mu_);
  if (pid_ > 0 && !reaped_) kill(pid_, signal);
}

std::optional<int> ChildProcess::Kill() {
  {
    std::lock_guard lock(mu_);
    if (pid_ <= 0) return std::nullopt;
    if (!reaped_) kill(-pid_, SIGKILL);
  }
  std::optional<int> exit_code;
  while (!(exit_code = WaitExit(std::chrono::seconds(60)))) {
  }
  return exit_code;
}

std::string ChildProcess::Stdout() const {
  std::lock_guard lock(mu_);
  return stdout_.text;
}

std::string ChildProcess::Stderr() const {
  std::lock_guard lock(mu_);
  return stderr_.text;
}

}  // namespace beacon::testing
