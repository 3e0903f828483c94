// Bytes no HTTP client should send, over raw TCP: the edge answers or hangs up, and keeps
// serving everyone else.
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "raw_connection.h"

namespace beacon::testing {
namespace {

constexpr char kPostHead[] =
    "POST /tracking/celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";

std::string RandomBytes(size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
  return bytes;
}

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() const { return stack_.edge_port(); }

  void ExpectEdgeStillServes() {
    ASSERT_TRUE(stack_.edge().Running()) << "beacon-edge exited";
    const auto result = PostEvent(port(), "celtra", "still serving");
    ASSERT_TRUE(result) << Describe(result);
    EXPECT_EQ(result->status, 200) << Describe(result);
  }

  // The edge ends `connection` in bounded time, with a 4xx answer if it answers at all.
  static void ExpectRefused(RawConnection& connection) {
    const auto received = connection.ReadUntilClosed(std::chrono::seconds(10));
    EXPECT_TRUE(received.closed_by_peer) << "the edge kept the connection open";
    if (!received.bytes.empty()) {
      const int status = HttpStatusOf(received.bytes);
      EXPECT_TRUE(status >= 400 && status < 500) << received.bytes.substr(0, 200);
    }
  }

  EdgeStack stack_;
};

TEST_F(HostileInputTest, RandomBytesAreRefused) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    RawConnection garbage(port());
    ASSERT_TRUE(garbage.connected());
    garbage.Send(RandomBytes(4096, seed) + "\r\n\r\n");
    ExpectRefused(garbage);
  }
  ExpectEdgeStillServes();
}

TEST_F(HostileInputTest, RequestCutOffMidBodyNeitherBlocksOthersNorHurtsTheEdge) {
  {
    RawConnection truncated(port());
    ASSERT_TRUE(truncated.connected());
    ASSERT_TRUE(
        truncated.Send(std::string(kPostHead) + "Content-Length: 100\r\n\r\n{\"data\":\"tr"));
    ExpectEdgeStillServes();  // while the half request is pending
  }
  ExpectEdgeStillServes();  // after its connection closed mid-body
}

TEST_F(HostileInputTest, RequestCutOffMidHeadersNeitherBlocksOthersNorHurtsTheEdge) {
  {
    RawConnection truncated(port());
    ASSERT_TRUE(truncated.connected());
    ASSERT_TRUE(truncated.Send("POST /tracking/celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"));
    ExpectEdgeStillServes();
  }
  ExpectEdgeStillServes();
}

TEST_F(HostileInputTest, ManyStalledConnectionsDoNotBlockNormalRequests) {
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 100; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(port()));
    stalled.back()->Send("GET /healthz HTTP/1.1\r\n");
  }
  ExpectEdgeStillServes();
}

TEST_F(HostileInputTest, HugeDeclaredBodyIsRefusedWith413BeforeItIsSent) {
  RawConnection oversized(port());
  ASSERT_TRUE(oversized.connected());
  ASSERT_TRUE(oversized.Send(std::string(kPostHead) + "Content-Length: 1073741824\r\n\r\n"));
  const auto received = oversized.ReadUntilClosed(std::chrono::seconds(10));
  EXPECT_EQ(HttpStatusOf(received.bytes), 413) << received.bytes;
  EXPECT_TRUE(IsJsonErrorBody(HttpBodyOf(received.bytes))) << received.bytes;
  ExpectEdgeStillServes();
}

TEST_F(HostileInputTest, OversizedBodyStreamedAnywayDoesNotHurtTheEdge) {
  RawConnection oversized(port());
  ASSERT_TRUE(oversized.connected());
  oversized.Send(std::string(kPostHead) + "Content-Length: 8388608\r\n\r\n" +
                 std::string(8 << 20, 'x'));  // may fail once the edge hangs up
  ExpectRefused(oversized);
  ExpectEdgeStillServes();
}

TEST_F(HostileInputTest, HugeHeaderIsRefused) {
  RawConnection huge_header(port());
  ASSERT_TRUE(huge_header.connected());
  huge_header.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " +
                   std::string(1 << 20, 'a') + "\r\n\r\n");  // may fail once the edge hangs up
  ExpectRefused(huge_header);
  ExpectEdgeStillServes();
}

TEST_F(HostileInputTest, ManyHeadersAreRefused) {
  RawConnection many_headers(port());
  ASSERT_TRUE(many_headers.connected());
  std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 100000; ++i) request += "X-" + std::to_string(i) + ": v\r\n";
  many_headers.Send(request + "\r\n");  // may fail once the edge hangs up
  ExpectRefused(many_headers);
  ExpectEdgeStillServes();
}

}  // namespace
}  // namespace beacon::testing
