// beacon-edge's logs on stderr: --log_format=json gives one JSON object per line, --log_level=debug
// adds a line per WebSocket, and no level ever shows an event's data or a key.
#include <chrono>
#include <csignal>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::seconds;

constexpr char kPayload[] = "payload-marker-5f3a";
constexpr char kPostKey[] = "post-key-9c21";
constexpr char kSubscribeKey[] = "subscribe-key-7d44";
constexpr char kListening[] = "beacon-edge listening on ";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs a beacon-edge (stderr captured) in front of a real core with `log_flags`, subscribes with
// a key in the query, posts an event with a key in the header, closes the subscriber, stops the
// edge with SIGTERM and returns its stderr.
class EdgeLogTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }

  std::string RunEdge(std::vector<std::string> log_flags) {
    std::vector<std::string> argv = {BinaryPath("BEACON_EDGE_BIN"), "--listen=127.0.0.1:0",
                                     "--core=127.0.0.1:" + std::to_string(stack_.core_port()),
                                     "--admin_listen=127.0.0.1:0"};
    argv.insert(argv.end(), log_flags.begin(), log_flags.end());
    ChildProcess edge(argv);
    if (!edge.WaitForStdout("\n" + std::string(kListening))) {
      ADD_FAILURE() << "no listening line: " << edge.Stdout() << edge.Stderr();
      return "";
    }
    const std::string out = edge.Stdout();
    const size_t at = out.find(kListening) + sizeof(kListening) - 1;
    const std::string address = out.substr(at, out.find('\n', at) - at);
    const int port = std::stoi(address.substr(address.rfind(':') + 1));

    {
      WsSubscriber subscriber(port, std::string("?account=celtra&token=") + kSubscribeKey);
      EXPECT_TRUE(subscriber.WaitOpen());
      const auto posted =
          PostBodyWithHeaders(port, "/tracking/celtra", EventBody(kPayload),
                              {{"Authorization", std::string("Bearer ") + kPostKey}});
      EXPECT_TRUE(posted && posted->status == 200) << Describe(posted);
      EXPECT_EQ(subscriber.WaitForMessages(1).size(), 1u);
    }  // closes the WebSocket; the edge logs it before it sees SIGTERM below
    EXPECT_TRUE(IsJsonError(PostEvent(port, "test", kPayload), 403));

    edge.Signal(SIGTERM);
    const std::optional<int> exit_code = edge.WaitExit(seconds(15));
    EXPECT_EQ(exit_code, std::optional<int>(0)) << edge.Stderr();
    return edge.Stderr();
  }

  static void ExpectNoSecrets(const std::string& err) {
    EXPECT_FALSE(Contains(err, kPayload)) << err;
    EXPECT_FALSE(Contains(err, kPostKey)) << err;
    EXPECT_FALSE(Contains(err, kSubscribeKey)) << err;
  }

  EdgeStack stack_;
};

TEST_F(EdgeLogTest, JsonFormatGivesOneObjectPerLineWithLevelAndMessage) {
  const std::string err = RunEdge({"--log_format=json", "--log_level=debug"});
  const std::vector<std::string> lines = Lines(err);
  ASSERT_FALSE(lines.empty());
  std::vector<std::string> messages;
  for (const std::string& line : lines) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(entry.is_object()) << line;
    ASSERT_TRUE(entry.contains("level") && entry["level"].is_string()) << line;
    ASSERT_TRUE(entry.contains("message") && entry["message"].is_string()) << line;
    messages.push_back(entry["message"]);
  }
  // Start, one WebSocket's open and close, shutdown begin and end.
  for (const std::string expected :
       {"listening", "websocket open", "websocket closed", "shutting down", "stopped"}) {
    EXPECT_NE(std::find(messages.begin(), messages.end(), expected), messages.end())
        << expected << " missing from:\n"
        << err;
  }
  ExpectNoSecrets(err);
}

TEST_F(EdgeLogTest, DebugLevelAddsWebSocketLinesWithAccountsAndCloseCode) {
  const std::string debug = RunEdge({"--log_level=debug"});
  std::string opened, closed;
  for (const std::string& line : Lines(debug)) {
    if (Contains(line, "websocket open")) opened = line;
    if (Contains(line, "websocket closed")) closed = line;
  }
  EXPECT_TRUE(Contains(opened, " DEBUG ")) << debug;
  EXPECT_TRUE(Contains(opened, "accounts=celtra")) << debug;
  EXPECT_TRUE(Contains(closed, "accounts=celtra")) << debug;
  EXPECT_TRUE(Contains(closed, "code=1000")) << debug;
  ExpectNoSecrets(debug);

  const std::string info = RunEdge({});
  EXPECT_FALSE(Contains(info, "websocket")) << info;
  EXPECT_FALSE(Contains(info, "DEBUG")) << info;
  EXPECT_TRUE(Contains(info, " INFO beacon-edge: listening")) << info;
  ExpectNoSecrets(info);
}

}  // namespace
}  // namespace beacon::testing
