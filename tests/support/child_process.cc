#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

extern char** environ;

namespace beacon::testing {
namespace {

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

ChildProcess::ChildProcess(std::vector<std::string> argv, std::vector<std::string> env) {
  std::vector<char*> c_argv;
  for (auto& arg : argv) c_argv.push_back(arg.data());
  c_argv.push_back(nullptr);
  // Built before fork(): the child of a multi-threaded process may only call async-signal-safe
  // functions.
  std::vector<std::string> environment = EnvironmentWith(env);
  std::vector<char*> c_env;
  for (auto& entry : environment) c_env.push_back(entry.data());
  c_env.push_back(nullptr);
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    signal(SIGPIPE, SIG_DFL);  // the test process ignores it; the child gets the usual default
    setpgid(0, 0);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    execve(c_argv[0], c_argv.data(), c_env.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  drainer_ = std::thread(
      [this, stdout_fd = out[0], stderr_fd = err[0]] { DrainPipes(stdout_fd, stderr_fd); });
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_code_) {
    kill(-pid_, SIGKILL);  // the group: also what the child started, which holds the pipes
    WaitExit(std::chrono::seconds(10));
  }
  if (drainer_.joinable()) drainer_.join();
}

void ChildProcess::DrainPipes(int stdout_fd, int stderr_fd) {
  pollfd fds[2] = {{stdout_fd, POLLIN, 0}, {stderr_fd, POLLIN, 0}};
  std::string* sinks[2] = {&stdout_, &stderr_};
  int open_pipes = 2;
  while (open_pipes > 0) {
    if (poll(fds, 2, -1) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open_pipes;
        continue;
      }
      std::lock_guard lock(mu_);
      sinks[i]->append(buffer, static_cast<size_t>(n));
      changed_.notify_all();
    }
  }
}

bool ChildProcess::WaitForStdout(const std::string& text, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return stdout_.find(text) != std::string::npos; });
}

bool ChildProcess::WaitForStderr(const std::string& text, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return stderr_.find(text) != std::string::npos; });
}

std::optional<int> ChildProcess::WaitExit(std::chrono::milliseconds timeout) {
  if (exit_code_ || pid_ <= 0) return exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (drainer_.joinable()) drainer_.join();
  return exit_code_;
}

void ChildProcess::Signal(int signal) {
  if (pid_ > 0 && !exit_code_) kill(pid_, signal);
}

std::string ChildProcess::Stdout() const {
  std::lock_guard lock(mu_);
  return stdout_;
}

std::string ChildProcess::Stderr() const {
  std::lock_guard lock(mu_);
  return stderr_;
}

}  // namespace beacon::testing
