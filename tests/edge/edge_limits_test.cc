// The edge's limits against slow, silent and oversized clients, over raw TCP and real WebSocket
// clients: each is cut off in bounded time with its documented answer, and the edge keeps
// serving.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "raw_connection.h"
#include "server_frames.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kUpgradeRequest[] =
    "GET /subscribe?account=celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
    "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

EdgeStackOptions WithEdgeFlags(std::vector<std::string> flags) {
  EdgeStackOptions options;
  options.edge_flags = std::move(flags);
  return options;
}

void ExpectEdgeServes(EdgeStack& stack) {
  ASSERT_TRUE(stack.edge().Running()) << "beacon-edge exited";
  const auto result = PostEvent(stack.edge_port(), "celtra", "still serving");
  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 200) << Describe(result);
}

// Completes a WebSocket handshake on `connection`; true when the edge answered 101.
bool Upgrade(RawConnection& connection) {
  if (!connection.Send(kUpgradeRequest)) return false;
  const auto answer = connection.ReadUntilContains("\r\n\r\n", seconds(10));
  return HttpStatusOf(answer.bytes) == 101;
}

// The first close frame (opcode 8) in server-to-client WebSocket bytes: its code (0 when there
// is none) and reason.
struct CloseFrame {
  int code = 0;
  std::string reason;
};
CloseFrame FindCloseFrame(const std::string& frames) {
  const std::optional<ServerFrame> close = FirstServerFrame(frames, /*opcode=*/0x8);
  if (!close.has_value() || close->payload.size() < 2) return {};
  return {(static_cast<uint8_t>(close->payload[0]) << 8) | static_cast<uint8_t>(close->payload[1]),
          close->payload.substr(2)};
}

// A masked client text frame of `size` bytes.
std::string MaskedTextFrame(size_t size) {
  std::string frame = {static_cast<char>(0x81), static_cast<char>(0x80 | 126),
                       static_cast<char>(size >> 8), static_cast<char>(size & 0xff)};
  frame += std::string(4, '\0');  // mask key 0: the payload goes as is
  frame += std::string(size, 'x');
  return frame;
}

TEST(HandshakeTimeoutTest, ClientSendingItsHeadersSlowlyIsCutOff) {
  EdgeStack stack(WithEdgeFlags({"--handshake_timeout_ms=1000"}));
  ASSERT_TRUE(stack.Start());
  RawConnection slowloris(stack.edge_port());
  ASSERT_TRUE(slowloris.connected());
  ASSERT_TRUE(slowloris.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  // One header byte every 100 ms: always something new, never the end of the headers.
  bool cut_off = false;
  const auto give_up = std::chrono::steady_clock::now() + seconds(8);
  while (!cut_off && std::chrono::steady_clock::now() < give_up) {
    if (!slowloris.Send("x")) {
      cut_off = true;
      break;
    }
    cut_off = slowloris.ReadUntilClosed(milliseconds(100)).closed_by_peer;
  }
  EXPECT_TRUE(cut_off) << "a client dripping its headers kept its connection for 8 s";
  ExpectEdgeServes(stack);
}

TEST(HandshakeTimeoutTest, ClientSendingItsBodySlowlyIsCutOff) {
  EdgeStack stack(WithEdgeFlags({"--handshake_timeout_ms=1000"}));
  ASSERT_TRUE(stack.Start());
  RawConnection slow_body(stack.edge_port());
  ASSERT_TRUE(slow_body.connected());
  ASSERT_TRUE(slow_body.Send(
      "POST /tracking/celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"));
  bool cut_off = false;
  const auto give_up = std::chrono::steady_clock::now() + seconds(8);
  while (!cut_off && std::chrono::steady_clock::now() < give_up) {
    if (!slow_body.Send(" ")) {
      cut_off = true;
      break;
    }
    cut_off = slow_body.ReadUntilClosed(milliseconds(100)).closed_by_peer;
  }
  EXPECT_TRUE(cut_off) << "a client dripping its body kept its connection for 8 s";
  ExpectEdgeServes(stack);
}

TEST(KeepAliveTest, WebSocketThatNeverAnswersPingsIsClosedWith1011) {
  EdgeStack stack(WithEdgeFlags({"--ws_ping_interval_ms=300", "--ws_pong_timeout_ms=300"}));
  ASSERT_TRUE(stack.Start());
  RawConnection silent(stack.edge_port());
  ASSERT_TRUE(silent.connected());
  ASSERT_TRUE(Upgrade(silent));
  // Reads (and so keeps the TCP window open) but never answers a ping or the close.
  const auto received = silent.ReadUntilClosed(seconds(10));
  EXPECT_TRUE(received.closed_by_peer) << "the edge kept a WebSocket that ignores pings";
  EXPECT_EQ(static_cast<uint8_t>(received.bytes.empty() ? 0 : received.bytes[0]), 0x89)
      << "the first frame should be a ping";
  const CloseFrame close = FindCloseFrame(received.bytes);
  EXPECT_EQ(close.code, 1011);
  EXPECT_EQ(close.reason, "keepalive ping timeout");
  ExpectEdgeServes(stack);
}

TEST(KeepAliveTest, QuietSubscriberThatAnswersPingsStaysConnected) {
  EdgeStack stack(WithEdgeFlags({"--ws_ping_interval_ms=200", "--ws_pong_timeout_ms=200"}));
  ASSERT_TRUE(stack.Start());
  WsSubscriber subscriber(stack.edge_port(), "?account=celtra");
  ASSERT_TRUE(subscriber.WaitOpen());
  EXPECT_FALSE(subscriber.WaitClosed(milliseconds(1500)))
      << "closed with " << subscriber.close_code() << " " << subscriber.close_reason();
  PostOk(stack.edge_port(), "celtra", "after many pings");
  EXPECT_EQ(subscriber.WaitForMessages(1).size(), 1u);
}

TEST(ConnectionLimitTest, RequestBeyondMaxConnectionsIs503) {
  EdgeStack stack(WithEdgeFlags({"--max_connections=2"}));
  ASSERT_TRUE(stack.Start());
  RawConnection first(stack.edge_port());
  RawConnection second(stack.edge_port());
  ASSERT_TRUE(first.Send("GET /healthz HTTP/1.1\r\n"));
  ASSERT_TRUE(second.Send("GET /healthz HTTP/1.1\r\n"));
  EXPECT_TRUE(IsJsonError(Get(stack.edge_port(), "/healthz"), 503));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(stack.edge_port(), "?account=celtra"), 503));
}

TEST(MessageLimitTest, SubscriberMessageOver4KiBClosesItsWebSocketWith1009) {
  EdgeStack stack;
  ASSERT_TRUE(stack.Start());
  RawConnection talker(stack.edge_port());
  ASSERT_TRUE(Upgrade(talker));
  talker.Send(MaskedTextFrame(4097));
  const auto received = talker.ReadUntilClosed(seconds(10));
  EXPECT_EQ(FindCloseFrame(received.bytes).code, 1009);
  ExpectEdgeServes(stack);
}

TEST(HeaderLimitTest, HeadersOverWebsocketppsLimitAre431) {
  EdgeStack stack;
  ASSERT_TRUE(stack.Start());
  RawConnection huge_header(stack.edge_port());
  huge_header.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " +
                   std::string(20000, 'a') + "\r\n\r\n");
  const auto received = huge_header.ReadUntilClosed(seconds(10));
  EXPECT_EQ(HttpStatusOf(received.bytes), 431) << received.bytes.substr(0, 200);
  EXPECT_TRUE(IsJsonErrorBody(HttpBodyOf(received.bytes))) << received.bytes.substr(0, 300);
  ExpectEdgeServes(stack);
}

TEST(PendingEventsLimitTest, TrackTheCoreCannotQueueIs429WithRetryAfterAndTheCoresMessage) {
  // Any event over 4 bytes exceeds the core's budget of bytes waiting to be stored, every time.
  EdgeStackOptions options;
  options.core_flags = {"--max_pending_bytes=4"};
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  const auto refused = PostEvent(stack.edge_port(), "celtra", "more than four bytes");
  ASSERT_TRUE(IsJsonError(refused, 429));
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  EXPECT_NE(refused->body.find("too many events waiting to be stored"), std::string::npos)
      << refused->body;
  EXPECT_TRUE(IsEventJson(PostOk(stack.edge_port(), "celtra", "ok"), "celtra", "ok"));
}

}  // namespace
}  // namespace beacon::testing
