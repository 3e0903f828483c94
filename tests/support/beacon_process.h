#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"

namespace beacon::testing {

// A Beacon binary started as a real child process for a test. The binary must print a line
// "<name> listening on HOST:PORT" on stdout once it serves; Start() waits for it, so tests can
// pass port 0 and learn the port the process really bound. beacon-core and beacon-edge also print
// "<name> admin listening on HOST:PORT" before it; unless the test passes --admin_listen itself,
// they get --admin_listen=127.0.0.1:0 (the default ports would collide between parallel tests).
// The process runs as a ChildProcess, in a process group of its own: its stdout is captured
// (within ChildProcess's bounds), its stderr (the daemon's log) goes to the test's own, where ctest
// shows it with a failing test.
//
// Threading: use from one test thread (the process is killed when the thread that started it
// exits). Lifetime: the destructor kills the process (SIGKILL) if it is still running, so a
// failing test never leaks children.
class BeaconProcess {
 public:
  BeaconProcess(std::string binary, std::vector<std::string> args);
  ~BeaconProcess();
  BeaconProcess(const BeaconProcess&) = delete;
  BeaconProcess& operator=(const BeaconProcess&) = delete;

  // Starts the process (killing the one a previous Start() started, if it still runs) and waits
  // up to `timeout` for its "listening on" line. Returns false (with the reason in error()) if it
  // exited or stayed silent (then it is killed).
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
  // -1 before Start() and once Start(), Stop(), Kill() or Running() saw the process end.
  pid_t pid() const { return pid_; }
  const std::string& error() const { return error_; }
  // Resident set size in KiB from /proc/PID/status, or -1.
  long ResidentKiB() const;

 private:
  const std::string binary_;
  const std::vector<std::string> args_;
  const bool expects_admin_line_;
  std::unique_ptr<ChildProcess> child_;  // the latest Start()'s
  pid_t pid_ = -1;                       // -1 once this object saw the process end
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
// BEACON_ADMIN_BIN, BEACON_CLIENT_PY, BEACON_RUN_SH, BEACON_LIVE_PAGE_BROWSER_PY, BEACON_CHROMIUM):
// the environment variable of that name if set, else the build tree's (or the system's Chromium).
std::string BinaryPath(const char* env_var);

}  // namespace beacon::testing
