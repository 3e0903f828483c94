// The edge's plain HTTP/1.1 connections (HttpSession on Boost.Beast), over raw TCP: keep-alive
// and Connection: close, HTTP/1.0, pipelining, Expect: 100-continue, chunked and length-less
// bodies, the idle timeout, the per-connection request limit and a WebSocket upgrade after other
// requests on the same connection. Every response is read off the wire and checked exactly.
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "edge_http.h"
#include "edge_stack.h"
#include "events_api.h"
#include "gtest/gtest.h"
#include "raw_connection.h"
#include "server_frames.h"

namespace beacon::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr size_t kBodyLimit = 1024;
constexpr char kWebSocketKey[] = "dGhlIHNhbXBsZSBub25jZQ==";
// RFC 6455's accept value for kWebSocketKey.
constexpr char kWebSocketAccept[] = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

// One HTTP response as it came off the wire.
struct HttpResponse {
  std::string status_line;  // without its CRLF
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The value of header `name` (case-insensitive), "" when there is none.
  std::string Header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (std::equal(key.begin(), key.end(), name.begin(), name.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return value;
      }
    }
    return "";
  }
};

std::ostream& operator<<(std::ostream& out, const HttpResponse& response) {
  out << response.status_line << "\n";
  for (const auto& [name, value] : response.headers) out << name << ": " << value << "\n";
  return out << "\n" << response.body;
}

// Parses the complete response at the start of `bytes` into `response`; returns how many bytes
// it took, 0 when the response is not complete yet. A 1xx has no body; every other response of
// the edge carries a Content-Length (a response without one is never complete here).
size_t ParseResponse(const std::string& bytes, HttpResponse& response) {
  const size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  HttpResponse parsed;
  size_t line_end = bytes.find("\r\n");
  parsed.status_line = bytes.substr(0, line_end);
  while (line_end < head_end) {
    const size_t start = line_end + 2;
    line_end = bytes.find("\r\n", start);
    const std::string line = bytes.substr(start, line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) return 0;
    const size_t value_start = line.find_first_not_of(' ', colon + 1);
    parsed.headers.emplace_back(line.substr(0, colon),
                                value_start == std::string::npos ? "" : line.substr(value_start));
  }
  size_t end = head_end + 4;
  const int status = HttpStatusOf(parsed.status_line + " ");
  if (status < 100 || status >= 200) {
    const std::string length = parsed.Header("Content-Length");
    if (length.empty()) return 0;
    const size_t body_size = std::stoul(length);
    if (bytes.size() < end + body_size) return 0;
    parsed.body = bytes.substr(end, body_size);
    end += body_size;
  }
  response = std::move(parsed);
  return end;
}

// A raw TCP connection to the edge that reads whole HTTP responses off it.
class HttpConnection {
 public:
  explicit HttpConnection(int port) : raw_(port) {}

  bool connected() const { return raw_.connected(); }
  bool Send(const std::string& bytes) { return raw_.Send(bytes); }

  // The next `count` responses in arrival order; fewer when the edge closed the connection
  // first or 10 s passed.
  std::vector<HttpResponse> Read(size_t count) {
    std::vector<HttpResponse> responses = TakeResponses(count);
    if (responses.size() < count && !closed_) {
      const auto received = raw_.ReadUntil(
          [&](const std::string& bytes) {
            std::string all = pending_ + bytes;
            size_t complete = responses.size();
            HttpResponse ignored;
            while (complete < count) {
              const size_t taken = ParseResponse(all, ignored);
              if (taken == 0) break;
              all.erase(0, taken);
              ++complete;
            }
            return complete >= count;
          },
          seconds(10));
      pending_ += received.bytes;
      closed_ = received.closed_by_peer;
      std::vector<HttpResponse> more = TakeResponses(count - responses.size());
      responses.insert(responses.end(), more.begin(), more.end());
    }
    return responses;
  }
  // The next response; an empty status line when none arrived.
  HttpResponse ReadOne() {
    std::vector<HttpResponse> responses = Read(1);
    return responses.empty() ? HttpResponse{} : responses.front();
  }

  // Reads until the edge closes the connection or `timeout` passes; true when it closed. What
  // arrives meanwhile is kept in unread().
  bool WaitClosed(milliseconds timeout = seconds(5)) {
    if (!closed_) {
      const auto received = raw_.ReadUntilClosed(timeout);
      pending_ += received.bytes;
      closed_ = received.closed_by_peer;
    }
    return closed_;
  }
  // Reads until `done(unread())`, the edge closes the connection or 10 s pass.
  void ReadUntil(const std::function<bool(const std::string&)>& done) {
    if (closed_ || done(pending_)) return;
    const auto received =
        raw_.ReadUntil([&](const std::string& bytes) { return done(pending_ + bytes); });
    pending_ += received.bytes;
    closed_ = received.closed_by_peer;
  }
  // Once the edge closed the connection: whatever still arrives on it within `timeout` (the
  // edge's side may still be open for reading, or already reset).
  std::string ReadAfterClose(milliseconds timeout = seconds(2)) {
    return raw_.ReadUntilClosed(timeout).bytes;
  }
  // Bytes received and not yet taken as a response.
  const std::string& unread() const { return pending_; }

 private:
  std::vector<HttpResponse> TakeResponses(size_t count) {
    std::vector<HttpResponse> responses;
    while (responses.size() < count) {
      HttpResponse response;
      const size_t taken = ParseResponse(pending_, response);
      if (taken == 0) break;
      pending_.erase(0, taken);
      responses.push_back(std::move(response));
    }
    return responses;
  }

  RawConnection raw_;
  std::string pending_;
  bool closed_ = false;
};

// POST `path` with a Content-Length body; `extra_headers` are whole header lines.
std::string PostRequest(const std::string& body, const std::string& extra_headers = "",
                        const std::string& version = "HTTP/1.1",
                        const std::string& path = "/tracking/celtra") {
  return "POST " + path + " " + version + "\r\nHost: 127.0.0.1\r\n" +
         "Content-Type: application/json\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string GetRequest(const std::string& path, const std::string& extra_headers = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

std::string UpgradeRequest() {
  return std::string("GET /subscribe?account=celtra HTTP/1.1\r\nHost: 127.0.0.1\r\n") +
         "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" +
         "Sec-WebSocket-Key: " + kWebSocketKey + "\r\n\r\n";
}

// `response` is a 200 carrying the stored event of celtra with `data`.
::testing::AssertionResult IsStoredEvent(const HttpResponse& response, const std::string& data) {
  if (response.status_line != "HTTP/1.1 200 OK") {
    return ::testing::AssertionFailure() << "expected 200, got:\n" << response;
  }
  if (response.Header("Content-Type") != "application/json") {
    return ::testing::AssertionFailure() << "not JSON:\n" << response;
  }
  return IsEventJson(response.body, "celtra", data);
}

// The payload of the first text frame in the server's WebSocket bytes; false while none is
// complete.
bool FirstTextFrame(const std::string& frames, std::string& payload) {
  const std::optional<ServerFrame> text = FirstServerFrame(frames, /*opcode=*/0x1);
  if (text.has_value()) payload = text->payload;
  return text.has_value();
}

EdgeStackOptions WithEdgeFlags(std::vector<std::string> flags) {
  EdgeStackOptions options;
  options.edge_flags = std::move(flags);
  return options;
}

class HttpConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() const { return stack_.edge_port(); }

  EdgeStack stack_{WithEdgeFlags({"--max_body_bytes=" + std::to_string(kBodyLimit)})};
};

TEST_F(HttpConnectionTest, Http11ConnectionIsKeptAliveByDefault) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.connected());

  ASSERT_TRUE(connection.Send(PostRequest(EventBody("first"))));
  const HttpResponse first = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(first, "first"));
  EXPECT_EQ(first.Header("Connection"), "") << first;

  ASSERT_TRUE(connection.Send(PostRequest(EventBody("second"))));
  const HttpResponse second = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(second, "second"));
  EXPECT_EQ(second.Header("Connection"), "") << second;
  EXPECT_GT(SeqOf(second.body), SeqOf(first.body));

  EXPECT_FALSE(connection.WaitClosed(milliseconds(300))) << "closed after a kept-alive answer";
  EXPECT_EQ(connection.unread(), "");
}

TEST_F(HttpConnectionTest, ConnectionCloseIsAnsweredWithConnectionCloseThenClosed) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("closing"), "Connection: close\r\n")));
  const HttpResponse response = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(response, "closing"));
  EXPECT_EQ(response.Header("Connection"), "close") << response;
  EXPECT_TRUE(connection.WaitClosed()) << "the edge kept a Connection: close connection open";
  EXPECT_EQ(connection.unread(), "");
}

TEST_F(HttpConnectionTest, Http10WithoutKeepAliveIsClosedAfterTheResponse) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("old"), "", "HTTP/1.0")));
  const HttpResponse response = connection.ReadOne();
  EXPECT_EQ(response.status_line, "HTTP/1.0 200 OK") << response;
  EXPECT_TRUE(IsEventJson(response.body, "celtra", "old"));
  // HTTP/1.0 closes by default: no Connection: keep-alive.
  EXPECT_EQ(response.Header("Connection"), "") << response;
  EXPECT_TRUE(connection.WaitClosed()) << "the edge kept an HTTP/1.0 connection open";
  EXPECT_EQ(connection.unread(), "");
}

TEST_F(HttpConnectionTest, Http10WithConnectionKeepAliveIsKeptAlive) {
  HttpConnection connection(port());
  for (const std::string data : {"old one", "old two"}) {
    ASSERT_TRUE(
        connection.Send(PostRequest(EventBody(data), "Connection: keep-alive\r\n", "HTTP/1.0")));
    const HttpResponse response = connection.ReadOne();
    EXPECT_EQ(response.status_line, "HTTP/1.0 200 OK") << response;
    EXPECT_TRUE(IsEventJson(response.body, "celtra", data));
    EXPECT_EQ(response.Header("Connection"), "keep-alive") << response;
  }
  EXPECT_FALSE(connection.WaitClosed(milliseconds(300))) << "closed after a kept-alive answer";
}

TEST_F(HttpConnectionTest, PipelinedRequestsAreAnsweredInOrder) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("pipelined 1")) + GetRequest("/healthz") +
                              PostRequest(EventBody("pipelined 2"))));
  const std::vector<HttpResponse> responses = connection.Read(3);
  ASSERT_EQ(responses.size(), 3u) << connection.unread();
  EXPECT_TRUE(IsStoredEvent(responses[0], "pipelined 1"));
  EXPECT_EQ(responses[1].status_line, "HTTP/1.1 200 OK") << responses[1];
  EXPECT_EQ(responses[1].body, R"({"status":"ok"})");
  EXPECT_TRUE(IsStoredEvent(responses[2], "pipelined 2"));
  EXPECT_GT(SeqOf(responses[2].body), SeqOf(responses[0].body));
  for (const HttpResponse& response : responses) {
    EXPECT_EQ(response.Header("Connection"), "") << response;
  }
  EXPECT_FALSE(connection.WaitClosed(milliseconds(300))) << "closed after a kept-alive answer";
  EXPECT_EQ(connection.unread(), "");
}

TEST_F(HttpConnectionTest, ExpectContinueIsAnswered100BeforeTheBodyThen200) {
  HttpConnection connection(port());
  const std::string request = PostRequest(EventBody("continued"), "Expect: 100-continue\r\n");
  const size_t head_size = request.find("\r\n\r\n") + 4;
  ASSERT_TRUE(connection.Send(request.substr(0, head_size)));
  const HttpResponse interim = connection.ReadOne();
  EXPECT_EQ(interim.status_line, "HTTP/1.1 100 Continue") << interim;
  EXPECT_TRUE(interim.headers.empty()) << interim;
  EXPECT_EQ(connection.unread(), "") << "more than 100 Continue before the body was sent";

  ASSERT_TRUE(connection.Send(request.substr(head_size)));
  const HttpResponse response = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(response, "continued"));
  EXPECT_EQ(response.Header("Connection"), "") << response;

  // The connection serves its next request as usual.
  ASSERT_TRUE(connection.Send(GetRequest("/healthz")));
  const HttpResponse next = connection.ReadOne();
  EXPECT_EQ(next.status_line, "HTTP/1.1 200 OK") << next;
  EXPECT_EQ(next.body, R"({"status":"ok"})");
}

// Refused before the body is read: the final answer at once, no 100, and the connection closes
// (its unsent body would otherwise be read as the next request).
HttpResponse ExpectRefusedAtOnce(HttpConnection& connection, const std::string& status_line,
                                 const std::string& body) {
  const HttpResponse response = connection.ReadOne();
  EXPECT_EQ(response.status_line, status_line) << response;
  EXPECT_EQ(response.Header("Content-Type"), "application/json") << response;
  EXPECT_EQ(response.body, body);
  EXPECT_EQ(response.Header("Connection"), "close") << response;
  EXPECT_TRUE(connection.WaitClosed()) << "the edge kept the connection open";
  EXPECT_EQ(connection.unread(), "");
  return response;
}

TEST_F(HttpConnectionTest, ExpectContinueToAnUnknownRouteIs404AtOnce) {
  HttpConnection connection(port());
  const std::string request =
      PostRequest(EventBody("nowhere"), "Expect: 100-continue\r\n", "HTTP/1.1", "/nope");
  ASSERT_TRUE(connection.Send(request.substr(0, request.find("\r\n\r\n") + 4)));
  ExpectRefusedAtOnce(connection, "HTTP/1.1 404 Not Found", R"({"error":"Not found"})");
}

TEST_F(HttpConnectionTest, ExpectContinueWithTheWrongMethodIs405AtOnce) {
  HttpConnection connection(port());
  ASSERT_TRUE(
      connection.Send("PUT /tracking/celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                      "Content-Length: 16\r\n\r\n"));
  const HttpResponse response = ExpectRefusedAtOnce(connection, "HTTP/1.1 405 Method Not Allowed",
                                                    R"({"error":"Method not allowed; use POST"})");
  EXPECT_EQ(response.Header("Allow"), "POST") << response;
}

TEST_F(HttpConnectionTest, ExpectContinueOverTheBodyLimitIs413AtOnceNamingTheLimit) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(
      "POST /tracking/celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(kBodyLimit + 1) + "\r\n\r\n"));
  ExpectRefusedAtOnce(connection, "HTTP/1.1 413 Payload Too Large",
                      R"({"error":"Request body exceeds 1024 bytes"})");
}

TEST_F(HttpConnectionTest, ChunkedBodiesOnAKeptAliveConnectionAreFollowedByTheNextRequest) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(ChunkedTrackRequest(EventBody("chunked 1"), 5, /*close=*/false)));
  const HttpResponse first = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(first, "chunked 1"));
  EXPECT_EQ(first.Header("Connection"), "") << first;

  // A chunked request and one with a Content-Length right after it, in one write.
  ASSERT_TRUE(connection.Send(ChunkedTrackRequest(EventBody("chunked 2"), 3, /*close=*/false) +
                              PostRequest(EventBody("after chunked"))));
  const std::vector<HttpResponse> next = connection.Read(2);
  ASSERT_EQ(next.size(), 2u) << connection.unread();
  EXPECT_TRUE(IsStoredEvent(next[0], "chunked 2"));
  EXPECT_TRUE(IsStoredEvent(next[1], "after chunked"));
  EXPECT_GT(SeqOf(next[0].body), SeqOf(first.body));
  EXPECT_GT(SeqOf(next[1].body), SeqOf(next[0].body));
  EXPECT_FALSE(connection.WaitClosed(milliseconds(300))) << "closed after a kept-alive answer";
}

// RFC 9112: a request with neither Content-Length nor Transfer-Encoding has an empty body; the
// edge never asks for a length (no 411). The empty body is malformed JSON (400), and what
// follows the head is the next request.
TEST_F(HttpConnectionTest, PostWithoutLengthHasAnEmptyBodyNot411) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(
      "POST /tracking/celtra HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "\r\n" +
      PostRequest(EventBody("after no length"))));
  const std::vector<HttpResponse> responses = connection.Read(2);
  ASSERT_EQ(responses.size(), 2u) << connection.unread();
  EXPECT_EQ(responses[0].status_line, "HTTP/1.1 400 Bad Request") << responses[0];
  EXPECT_EQ(responses[0].body, R"({"error":"Malformed JSON body"})");
  EXPECT_EQ(responses[0].Header("Connection"), "") << responses[0];
  EXPECT_TRUE(IsStoredEvent(responses[1], "after no length"));
  EXPECT_EQ(connection.unread().find("411"), std::string::npos) << connection.unread();
}

// The upgrade's 101, then an event posted elsewhere arrives on the same connection as a frame.
void ExpectWebSocketServes(HttpConnection& connection, int port) {
  const HttpResponse upgraded = connection.ReadOne();
  ASSERT_EQ(upgraded.status_line, "HTTP/1.1 101 Switching Protocols") << upgraded;
  EXPECT_EQ(upgraded.Header("Upgrade"), "websocket") << upgraded;
  EXPECT_EQ(upgraded.Header("Sec-WebSocket-Accept"), kWebSocketAccept) << upgraded;

  const std::string event = PostOk(port, "celtra", "to the upgraded connection");
  ASSERT_TRUE(IsEventJson(event, "celtra", "to the upgraded connection"));
  std::string frame;
  connection.ReadUntil([&](const std::string& bytes) { return FirstTextFrame(bytes, frame); });
  EXPECT_EQ(frame, event);
}

TEST_F(HttpConnectionTest, WebSocketUpgradeAfterAPostIsHandedOver) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("before the upgrade"))));
  const HttpResponse posted = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(posted, "before the upgrade"));
  EXPECT_EQ(posted.Header("Connection"), "") << posted;

  ASSERT_TRUE(connection.Send(UpgradeRequest()));
  ExpectWebSocketServes(connection, port());
}

TEST_F(HttpConnectionTest, WebSocketUpgradePipelinedAfterAPostIsHandedOver) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("pipelined before")) + UpgradeRequest()));
  const HttpResponse posted = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(posted, "pipelined before"));
  EXPECT_EQ(posted.Header("Connection"), "") << posted;
  ExpectWebSocketServes(connection, port());
}

// A stopping edge closes its idle kept-alive connections at once (architecture.md, beacon-edge
// shutdown step 4) instead of waiting out their idle timeout (60 s by default).
TEST_F(HttpConnectionTest, IdleKeptAliveConnectionIsClosedWhenTheEdgeStops) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("before the stop"))));
  const HttpResponse response = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(response, "before the stop"));
  EXPECT_EQ(response.Header("Connection"), "") << response;

  EXPECT_EQ(stack_.edge().Stop(SIGTERM), 0) << "the edge did not exit within 10 s of SIGTERM";
  EXPECT_TRUE(connection.WaitClosed());
  EXPECT_EQ(connection.unread(), "");
}

TEST(HttpConnectionLimitsTest, IdleKeptAliveConnectionIsClosed) {
  EdgeStack stack(WithEdgeFlags({"--http_idle_timeout_ms=300"}));
  ASSERT_TRUE(stack.Start());
  HttpConnection connection(stack.edge_port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("then silence"))));
  const HttpResponse response = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(response, "then silence"));
  EXPECT_EQ(response.Header("Connection"), "") << response;
  EXPECT_TRUE(connection.WaitClosed(seconds(5))) << "an idle connection outlived its timeout";
  EXPECT_EQ(connection.unread(), "") << "an idle connection is closed without an answer";
}

TEST(HttpConnectionLimitsTest, LastOfMaxRequestsSaysConnectionCloseAndNothingFollows) {
  EdgeStack stack(WithEdgeFlags({"--http_max_requests_per_connection=2"}));
  ASSERT_TRUE(stack.Start());
  HttpConnection connection(stack.edge_port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("one of two"))));
  const HttpResponse first = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(first, "one of two"));
  EXPECT_EQ(first.Header("Connection"), "") << first;

  ASSERT_TRUE(connection.Send(PostRequest(EventBody("two of two"))));
  const HttpResponse second = connection.ReadOne();
  ASSERT_TRUE(IsStoredEvent(second, "two of two"));
  EXPECT_EQ(second.Header("Connection"), "close") << second;
  EXPECT_TRUE(connection.WaitClosed()) << "the edge kept the connection past its last request";

  connection.Send(PostRequest(EventBody("three of two")));  // may fail: the edge hung up
  EXPECT_EQ(connection.ReadAfterClose(), "") << "a request past the limit was answered";
  EXPECT_EQ(connection.unread(), "");
}

TEST(HttpConnectionLimitsTest, PipelinedRequestPastMaxRequestsIsNotAnswered) {
  EdgeStack stack(WithEdgeFlags({"--http_max_requests_per_connection=2"}));
  ASSERT_TRUE(stack.Start());
  HttpConnection connection(stack.edge_port());
  ASSERT_TRUE(connection.Send(PostRequest(EventBody("pipelined one")) +
                              PostRequest(EventBody("pipelined two")) +
                              PostRequest(EventBody("pipelined three"))));
  const std::vector<HttpResponse> responses = connection.Read(3);
  ASSERT_EQ(responses.size(), 2u) << connection.unread();
  EXPECT_TRUE(IsStoredEvent(responses[0], "pipelined one"));
  EXPECT_EQ(responses[0].Header("Connection"), "") << responses[0];
  EXPECT_TRUE(IsStoredEvent(responses[1], "pipelined two"));
  EXPECT_EQ(responses[1].Header("Connection"), "close") << responses[1];
  EXPECT_TRUE(connection.WaitClosed());
  EXPECT_EQ(connection.unread(), "");
  // Nor was it stored.
  const std::vector<std::string> stored = GetAllEvents(stack.edge_port(), "", 1000);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_TRUE(IsEventJson(stored[0], "celtra", "pipelined one"));
  EXPECT_TRUE(IsEventJson(stored[1], "celtra", "pipelined two"));
}

}  // namespace
}  // namespace beacon::testing
