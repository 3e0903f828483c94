#include "beacon_process.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>

namespace beacon::testing {
namespace {

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
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<std::string> argv = {binary_};
  argv.insert(argv.end(), args_.begin(), args_.end());
  child_ = std::make_unique<ChildProcess>(std::move(argv), std::vector<std::string>{},
                                          ChildProcess::StderrTo::kTest);
  pid_ = child_->pid();
  if (pid_ <= 0) {
    error_ = "could not start " + binary_;
    return false;
  }
  const auto listening = [&](const std::string& out) {
    return (!expects_admin_line_ ||
            ParseListeningLine(out, " admin listening on ", &admin_address_, &admin_port_)) &&
           ParseListeningLine(out, " listening on ", &address_, &port_);
  };
  if (child_->WaitUntilStdout(listening, timeout)) return true;
  // Stdout closed without the lines (the process is exiting), or the deadline passed.
  const auto left = std::max(std::chrono::steady_clock::duration::zero(),
                             deadline - std::chrono::steady_clock::now());
  if (child_->WaitExit(std::chrono::duration_cast<std::chrono::milliseconds>(left))) {
    pid_ = -1;
    error_ = binary_ + " exited before listening; stdout: " + child_->Stdout();
    return false;
  }
  error_ = binary_ + " did not print its listening line; stdout: " + child_->Stdout();
  Kill();
  return false;
}

int BeaconProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  child_->Signal(signal);
  const std::optional<int> exit_code = child_->WaitExit(timeout);
  if (!exit_code) {
    Kill();
    return -1;
  }
  pid_ = -1;
  return child_->EndedBySignal() ? -1 : *exit_code;
}

void BeaconProcess::Kill() {
  if (pid_ > 0) child_->Kill();
  pid_ = -1;
}

bool BeaconProcess::Running() {
  if (pid_ <= 0) return false;
  if (child_->WaitExit(std::chrono::milliseconds(0))) {
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
      {"BEACON_CORE_BIN", BEACON_CORE_BIN},
      {"BEACON_EDGE_BIN", BEACON_EDGE_BIN},
      {"BEACON_BENCH_BIN", BEACON_BENCH_BIN},
      {"BEACON_ADMIN_BIN", BEACON_ADMIN_BIN},
      {"BEACON_CLIENT_PY", BEACON_CLIENT_PY},
      {"BEACON_RUN_SH", BEACON_RUN_SH},
      {"BEACON_LIVE_PAGE_BROWSER_PY", BEACON_LIVE_PAGE_BROWSER_PY},
      {"BEACON_CHROMIUM", BEACON_CHROMIUM},
  };
  const auto it = kBuilt.find(env_var);
  if (it == kBuilt.end()) throw std::runtime_error(std::string("no binary is known as ") + env_var);
  return it->second;
}

}  // namespace beacon::testing
