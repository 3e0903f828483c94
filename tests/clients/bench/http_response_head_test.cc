// ParseHttpResponseHead: framing and whether the connection stays open.

#include "clients/bench/http_response_head.h"

#include <string>

#include "gtest/gtest.h"

namespace beacon::bench {
namespace {

HttpResponseHead Parsed(const std::string& text) {
  const absl::StatusOr<std::optional<HttpResponseHead>> head = ParseHttpResponseHead(text);
  EXPECT_TRUE(head.ok()) << head.status();
  EXPECT_TRUE(head.ok() && head->has_value()) << text;
  return head.ok() && head->has_value() ? **head : HttpResponseHead{};
}

TEST(HttpResponseHeadTest, Http11WithLengthStaysOpen) {
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{\"seq\":1}...";
  const HttpResponseHead head = Parsed(text);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.head_bytes, text.size() - 12);
  EXPECT_EQ(head.content_length, 12u);
  EXPECT_TRUE(head.keep_alive);
}

TEST(HttpResponseHeadTest, ConnectionCloseIsHonouredWhateverItsCase) {
  EXPECT_FALSE(
      Parsed("HTTP/1.1 200 OK\r\nconnection: Close\r\nContent-Length: 0\r\n\r\n").keep_alive);
  EXPECT_FALSE(
      Parsed("HTTP/1.1 200 OK\r\nConnection: foo, close\r\nContent-Length: 0\r\n\r\n").keep_alive);
}

TEST(HttpResponseHeadTest, Http10StaysOpenOnlyWhenItSaysKeepAlive) {
  EXPECT_FALSE(Parsed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
  EXPECT_TRUE(
      Parsed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").keep_alive);
}

TEST(HttpResponseHeadTest, BodyWithoutLengthRunsToTheCloseSoTheConnectionEnds) {
  const HttpResponseHead head = Parsed("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
  EXPECT_FALSE(head.content_length.has_value());
  EXPECT_FALSE(head.keep_alive);
}

TEST(HttpResponseHeadTest, NoContentHasNoBody) {
  const HttpResponseHead head = Parsed("HTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_EQ(head.status, 204);
  EXPECT_EQ(head.content_length, 0u);
  EXPECT_TRUE(head.keep_alive);
}

TEST(HttpResponseHeadTest, ChunkedIsRecognised) {
  EXPECT_TRUE(Parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").chunked);
}

TEST(HttpResponseHeadTest, IncompleteHeadIsNotYetAResult) {
  const absl::StatusOr<std::optional<HttpResponseHead>> head =
      ParseHttpResponseHead("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_FALSE(head->has_value());
}

TEST(HttpResponseHeadTest, WhatIsNotAnHttpResponseIsAnError) {
  EXPECT_FALSE(ParseHttpResponseHead("SSH-2.0-OpenSSH\r\n\r\n").ok());
  EXPECT_FALSE(ParseHttpResponseHead("HTTP/1.1 2x0 OK\r\n\r\n").ok());
  EXPECT_FALSE(ParseHttpResponseHead("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n").ok());
}

}  // namespace
}  // namespace beacon::bench
