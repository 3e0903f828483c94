#include "client_py.h"

#include <regex>
#include <sstream>

#include "beacon_process.h"
#include "gtest/gtest.h"

namespace beacon::testing {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::string ClientPath() { return BinaryPath("BEACON_CLIENT_PY"); }

std::vector<std::string> ClientArgv(const std::string& script, int port,
                                    const std::vector<std::string>& accounts,
                                    const std::vector<std::string>& flags) {
  std::vector<std::string> argv = {script, "-i", "127.0.0.1", "-p", std::to_string(port)};
  for (const std::string& account : accounts) {
    argv.push_back("-a");
    argv.push_back(account);
  }
  argv.insert(argv.end(), flags.begin(), flags.end());
  return argv;
}

std::vector<std::string> EventLinesAfterHeaderBlock(const std::string& output) {
  const std::vector<std::string> lines = Lines(output);
  if (lines.size() < 3 || lines[0] != kHeaderStart) {
    ADD_FAILURE() << "no header block start in:\n" << output;
    return {};
  }
  EXPECT_EQ(lines[1], "HTTP/1.1 101 Switching Protocols");
  static const std::regex header_line(R"(^[!#$%&'*+.^_`|~0-9A-Za-z-]+: .*$)");
  size_t i = 2;
  bool upgrade_header = false;
  for (; i < lines.size() && lines[i] != kHeaderEnd; ++i) {
    EXPECT_TRUE(std::regex_match(lines[i], header_line)) << "not a header line: " << lines[i];
    upgrade_header |=
        std::regex_match(lines[i], std::regex("^upgrade: websocket$", std::regex::icase));
  }
  EXPECT_TRUE(upgrade_header) << output;
  if (i == lines.size()) {
    ADD_FAILURE() << "no header block end in:\n" << output;
    return {};
  }
  return {lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, lines.end()};
}

}  // namespace beacon::testing
