#pragma once

#include <string>

#include "gtest/gtest.h"

namespace beacon::testing {

// Whether `stderr_text` is exactly one text-format log line (observability/log.h) of `level`
// ("ERROR", "WARNING", ...) whose process and message are `process_and_message`, e.g.
// "2026-11-29T22:54:27.412Z ERROR beacon-core: --subscriber_auth must be off or required\n".
::testing::AssertionResult IsOneLogLine(const std::string& stderr_text, const std::string& level,
                                        const std::string& process_and_message);

}  // namespace beacon::testing
