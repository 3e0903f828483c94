#include "log_lines.h"

#include <algorithm>
#include <regex>

namespace beacon::testing {

::testing::AssertionResult IsOneLogLine(const std::string& stderr_text, const std::string& level,
                                        const std::string& process_and_message) {
  if (std::count(stderr_text.begin(), stderr_text.end(), '\n') != 1 || stderr_text.back() != '\n') {
    return ::testing::AssertionFailure() << "not exactly one line: " << stderr_text;
  }
  static const std::regex kTime(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z )");
  const std::string expected_tail = " " + level + " " + process_and_message + "\n";
  if (!std::regex_search(stderr_text, kTime) ||
      stderr_text.compare(24, std::string::npos, expected_tail) != 0) {
    return ::testing::AssertionFailure()
           << "expected <time>" << expected_tail << "got " << stderr_text;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace beacon::testing
