#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace beacon::testing {

// What a finished child process left behind.
struct CommandResult {
  int exit_code = -1;  // -1 when it was killed or died from a signal.
  std::string out;
  std::string err;
};

// Runs `binary` with `args` as a ChildProcess (so output beyond its bounds is dropped), capturing
// stdout and stderr; kills it (its process group) after `timeout`.
CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args,
                         std::chrono::seconds timeout);

}  // namespace beacon::testing
