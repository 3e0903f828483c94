#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace beacon::testing {

// A Beacon binary started as a real child process for a test. The binary must print a line
// "<name> listening on HOST:PORT" on stdout once it serves; Start() waits for it, so tests can
// pass port 0 and learn the port the process really bound. beacon-core and beacon-edge also print
// "<name> admin listening on HOST:PORT" before it; unless the test passes --admin_listen itself,
// they get --admin_listen=127.0.0.1:0 (the default ports would collide between parallel tests).
//
// Threading: use from one test thread. Lifetime: the destructor kills the process (SIGKILL) if
// it is still running, so a failing test never leaks children.
class BeaconProcess {
 public:
  BeaconProcess(std::string binary, std::vector<std::string> args);
  ~BeaconProcess();
  BeaconProcess(const BeaconProcess&) = delete;
  BeaconProcess& operator=(const BeaconProcess&) = delete;

  // Starts the process and waits up to `timeout` for its "listening on" line. Returns false
  // (with the reason in error()) if it exited or stayed silent.
  bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Sends `signal` and waits up to `timeout` for the exit; returns the exit code, or -1 when
  // the process had to be killed or died from a signal.
  int Stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void Kill();  // SIGKILL, then reaps.
  bool Running();

  const std::string& address() const { return address_; }  // "HOST:PORT" as printed.
  int port() const { return port_; }
  // The admin HTTP server (/metrics, /healthz, /readyz) of beacon-core and beacon-edge.
  const std::string& admin_address() const { return admin_address_; }
  int admin_port() const { return admin_port_; }
  pid_t pid() const { return pid_; }
  const std::string& error() const { return error_; }
  // Resident set size in KiB from /proc/PID/status, or -1.
  long ResidentKiB() const;

 private:
  const std::string binary_;
  const std::vector<std::string> args_;
  const bool expects_admin_line_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string address_;
  int port_ = 0;
  std::string admin_address_;
  int admin_port_ = 0;
  std::string error_;
};

// A fresh temporary directory removed (recursively) by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Path of a built binary or script, by name (BEACON_CORE_BIN, BEACON_EDGE_BIN, BEACON_BENCH_BIN,
// BEACON_ADMIN_BIN, BEACON_CLIENT_PY, BEACON_RUN_SH, BEACON_LIVE_PAGE_BROWSER_PY, BEACON_CHROMIUM): the
// environment variable of that name if set, else the build tree's (or the system's Chromium).
std::string BinaryPath(const char* env_var);

}  // namespace beacon::testing
