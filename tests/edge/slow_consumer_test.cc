// A WebSocket subscriber that stops reading, driven over a raw socket so that the test sees
// exactly which frames the edge wrote, in which order, before it closed the connection.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "raw_connection.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::seconds;

struct Frame {
  int opcode = 0;
  std::string payload;
};

// Splits the server-to-client (unmasked) frames at the start of `bytes`; stops at an incomplete
// one. `consumed` says how many bytes the returned frames took.
std::vector<Frame> ParseFrames(const std::string& bytes, size_t* consumed) {
  std::vector<Frame> frames;
  size_t at = 0;
  while (at + 2 <= bytes.size()) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
    uint64_t length = byte(at + 1) & 0x7f;
    size_t header = 2;
    if (length == 126 || length == 127) {
      const size_t extra = length == 126 ? 2 : 8;
      if (at + 2 + extra > bytes.size()) break;
      length = 0;
      for (size_t i = 0; i < extra; ++i) length = (length << 8) | byte(at + 2 + i);
      header += extra;
    }
    if (at + header + length > bytes.size()) break;
    frames.push_back({byte(at) & 0x0f, bytes.substr(at + header, length)});
    at += header + length;
  }
  *consumed = at;
  return frames;
}

// The most a TCP socket's send buffer may grow to here (net.ipv4.tcp_wmem's maximum).
size_t MaxSocketSendBuffer() {
  std::ifstream file("/proc/sys/net/ipv4/tcp_wmem");
  size_t min = 0, initial = 0, max = 0;
  file >> min >> initial >> max;
  return max;
}

bool HasCloseFrame(const std::string& bytes) {
  size_t consumed = 0;
  for (const Frame& frame : ParseFrames(bytes, &consumed)) {
    if (frame.opcode == 0x8) return true;
  }
  return false;
}

TEST(SlowConsumerTest, NeverReadingSubscriberGets4008NextAndResumesWithoutLoss) {
  // A 256 KiB outbox and a 1 s send timeout; the core's queue keeps its default (16 MiB), so it is
  // the edge that notices this subscriber stopped reading.
  EdgeStack stack(
      EdgeStackOptions{{"--ws_max_buffered_bytes=262144", "--ws_send_timeout_ms=1000"}, {}, {}});
  ASSERT_TRUE(stack.Start());

  RawConnection slow(stack.edge_port(), /*receive_buffer_bytes=*/8192);
  ASSERT_TRUE(slow.Send(
      "GET /subscribe?account=celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n"));
  const std::string handshake = slow.ReadUntilContains("\r\n\r\n").bytes;
  ASSERT_EQ(HttpStatusOf(handshake), 101) << handshake;
  const std::string after_handshake = HttpBodyOf(handshake);

  // 8 MB for a client that reads nothing: more than the edge's socket buffer (at most 4 MiB),
  // the outbox and the write in flight can hold.
  std::vector<uint64_t> posted;
  const std::string data(4096, 'x');
  for (int i = 0; i < 2000; ++i) posted.push_back(SeqOf(PostOk(stack.edge_port(), "celtra", data)));
  std::this_thread::sleep_for(seconds(2));  // past the send timeout: the edge has cut it off

  // Now it reads: events in seq order, then the close frame, then nothing.
  const RawConnection::Received received = slow.ReadUntil(
      [&](const std::string& bytes) { return HasCloseFrame(after_handshake + bytes); },
      seconds(10));
  size_t consumed = 0;
  const std::vector<Frame> frames = ParseFrames(after_handshake + received.bytes, &consumed);
  ASSERT_FALSE(frames.empty());
  ASSERT_EQ(frames.back().opcode, 0x8) << "the last frame read is not a close frame";
  const std::string& close = frames.back().payload;
  ASSERT_GE(close.size(), 2u);
  EXPECT_EQ((static_cast<unsigned char>(close[0]) << 8) | static_cast<unsigned char>(close[1]),
            4008);
  EXPECT_EQ(close.substr(2), "slow consumer");
  // Before its close frame it read only what the kernel held (the edge's socket buffer and its
  // own) and the rest of the one write in flight (at most 64 KiB), not the 256 KiB outbox.
  const size_t kernel_and_write = MaxSocketSendBuffer() + 2 * 8192 + (64 << 10);
  EXPECT_LE(consumed, kernel_and_write + 4096);

  std::vector<uint64_t> read_seqs;
  for (size_t i = 0; i + 1 < frames.size(); ++i) {
    ASSERT_EQ(frames[i].opcode, 0x1) << "frame " << i;
    ASSERT_TRUE(IsEventJson(frames[i].payload, "celtra", data)) << "frame " << i;
    read_seqs.push_back(SeqOf(frames[i].payload));
  }
  ASSERT_FALSE(read_seqs.empty());
  ASSERT_LT(read_seqs.size(), posted.size()) << "it was never behind";
  EXPECT_EQ(read_seqs, std::vector<uint64_t>(posted.begin(), posted.begin() + read_seqs.size()));

  // Resuming after the last event it read gives every other one, once, in order.
  WsSubscriber resumed(stack.edge_port(),
                       "?account=celtra&since=" + std::to_string(read_seqs.back()));
  ASSERT_TRUE(resumed.WaitOpen());
  const std::vector<std::string> rest =
      resumed.WaitForMessages(posted.size() - read_seqs.size(), seconds(20));
  std::vector<uint64_t> rest_seqs;
  for (const std::string& event : rest) rest_seqs.push_back(SeqOf(event));
  EXPECT_EQ(rest_seqs, std::vector<uint64_t>(posted.begin() + read_seqs.size(), posted.end()));
}

}  // namespace
}  // namespace beacon::testing
