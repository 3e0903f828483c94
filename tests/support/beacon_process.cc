#include "beacon_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

namespace beacon::testing {
namespace {

bool WaitForExit(pid_t pid, std::chrono::milliseconds timeout, int* wstatus) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const pid_t r = waitpid(pid, wstatus, WNOHANG);
    if (r == pid) return true;
    if (r < 0) return true;  // already reaped
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Finds the first complete line of `output` holding `marker` followed by HOST:PORT (for the main
// marker " listening on ", a line that is not the admin line). False while there is none.
bool ParseListeningLine(const std::string& output, const std::string& marker, std::string* address,
                        int* port) {
  for (size_t begin = 0, end; (end = output.find('\n', begin)) != std::string::npos;
       begin = end + 1) {
    const std::string line = output.substr(begin, end - begin);
    const size_t at = line.find(marker);
    if (at == std::string::npos) continue;
    if (marker == " listening on " && line.find(" admin listening on ") != std::string::npos) {
      continue;
    }
    *address = line.substr(at + marker.size());
    *port = std::stoi(address->substr(address->rfind(':') + 1));
    return true;
  }
  return false;
}

bool IsDaemon(const std::string& binary) {
  const std::string name = std::filesystem::path(binary).filename();
  return name == "beacon-core" || name == "beacon-edge";
}

// The daemons' admin HTTP servers default to fixed ports (9090, 9091); tests run in parallel, so
// each gets a free one unless the test chose.
std::vector<std::string> WithAdminPort(const std::string& binary, std::vector<std::string> args) {
  if (!IsDaemon(binary)) return args;
  for (const std::string& arg : args) {
    if (arg.rfind("--admin_listen", 0) == 0) return args;
  }
  args.push_back("--admin_listen=127.0.0.1:0");
  return args;
}

}  // namespace

BeaconProcess::BeaconProcess(std::string binary, std::vector<std::string> args)
    : binary_(std::move(binary)),
      args_(WithAdminPort(binary_, std::move(args))),
      expects_admin_line_(IsDaemon(binary_) &&
                          std::find(args_.begin(), args_.end(), "--admin_listen=") == args_.end()) {
}

BeaconProcess::~BeaconProcess() { Kill(); }

bool BeaconProcess::Start(std::chrono::milliseconds timeout) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    error_ = "pipe failed";
    return false;
  }
  pid_ = fork();
  if (pid_ == 0) {
    // If the test process dies, its servers must die too: orphans would keep ctest's output
    // pipe open and hang the whole run.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(pipe_fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary_.c_str()));
    for (const auto& a : args_) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary_.c_str(), argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  stdout_fd_ = pipe_fds[0];

  // Read stdout until the "listening on" line; keep draining later output so the child never
  // blocks on a full pipe.
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{stdout_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 50) > 0) {
      char buf[512];
      const ssize_t n = read(stdout_fd_, buf, sizeof buf);
      if (n <= 0) break;
      seen.append(buf, static_cast<size_t>(n));
      if ((!expects_admin_line_ ||
           ParseListeningLine(seen, " admin listening on ", &admin_address_, &admin_port_)) &&
          ParseListeningLine(seen, " listening on ", &address_, &port_)) {
        std::thread([fd = stdout_fd_] {
          char sink[4096];
          while (read(fd, sink, sizeof sink) > 0) {
          }
          close(fd);
        }).detach();
        stdout_fd_ = -1;
        return true;
      }
    }
    int wstatus = 0;
    if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = binary_ + " exited before listening; stdout: " + seen;
      return false;
    }
  }
  error_ = binary_ + " did not print its listening line; stdout: " + seen;
  Kill();
  return false;
}

int BeaconProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int wstatus = 0;
  if (!WaitForExit(pid_, timeout, &wstatus)) {
    Kill();
    return -1;
  }
  pid_ = -1;
  return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

void BeaconProcess::Kill() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int wstatus = 0;
    waitpid(pid_, &wstatus, 0);
    pid_ = -1;
  }
  if (stdout_fd_ >= 0) {
    close(stdout_fd_);
    stdout_fd_ = -1;
  }
}

bool BeaconProcess::Running() {
  if (pid_ <= 0) return false;
  int wstatus = 0;
  if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

long BeaconProcess::ResidentKiB() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "beacon-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string BinaryPath(const char* env_var) {
  if (const char* value = getenv(env_var); value != nullptr) return value;
  static const std::map<std::string, std::string> kBuilt = {
      {"BEACON_CORE_BIN", BEACON_CORE_BIN},   {"BEACON_EDGE_BIN", BEACON_EDGE_BIN},
      {"BEACON_BENCH_BIN", BEACON_BENCH_BIN}, {"BEACON_ADMIN_BIN", BEACON_ADMIN_BIN},
      {"BEACON_CLIENT_PY", BEACON_CLIENT_PY},   {"BEACON_RUN_SH", BEACON_RUN_SH},
      {"BEACON_LIVE_PAGE_BROWSER_PY", BEACON_LIVE_PAGE_BROWSER_PY},
      {"BEACON_CHROMIUM", BEACON_CHROMIUM},
  };
  const auto it = kBuilt.find(env_var);
  if (it == kBuilt.end()) throw std::runtime_error(std::string("no binary is known as ") + env_var);
  return it->second;
}

}  // namespace beacon::testing
