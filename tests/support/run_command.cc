#include "run_command.h"

#include <optional>

#include "child_process.h"

namespace beacon::testing {

CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args,
                         std::chrono::seconds timeout) {
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess child(std::move(argv));
  CommandResult result;
  if (child.pid() <= 0) return result;
  std::optional<int> exit_code = child.WaitExit(timeout);
  if (!exit_code) exit_code = child.Kill();
  result.exit_code = exit_code && !child.EndedBySignal() ? *exit_code : -1;
  result.out = child.Stdout();
  result.err = child.Stderr();
  return result;
}

}  // namespace beacon::testing
