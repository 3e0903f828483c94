#pragma once

#include <string>
#include <vector>

namespace beacon::testing {

// client.py's header block (the upgrade response) starts and ends with these lines.
inline constexpr char kHeaderStart[] = "--- response header ---";
inline constexpr char kHeaderEnd[] = "-----------------------";

std::vector<std::string> Lines(const std::string& text);
// clients/client.py in the source tree (or $BEACON_CLIENT_PY).
std::string ClientPath();
// argv for `script -i 127.0.0.1 -p port [-a account]... flags...`.
std::vector<std::string> ClientArgv(const std::string& script, int port,
                                    const std::vector<std::string>& accounts,
                                    const std::vector<std::string>& flags);
// What client.py prints after its header block; empty, with a test failure, if the block is not
// well formed.
std::vector<std::string> EventLinesAfterHeaderBlock(const std::string& output);

}  // namespace beacon::testing
