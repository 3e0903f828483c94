// POST /tracking/{account_id}, /healthz and unknown routes over real HTTP, every status.
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "raw_connection.h"

namespace beacon::testing {
namespace {

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class RestApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() const { return stack_.edge_port(); }

  EdgeStack stack_;
};

TEST_F(RestApiTest, PostAnswersTheStampedEventWithKeysInContractOrder) {
  const int64_t before = UnixNow();
  const auto result = PostEvent(port(), "celtra", "0d599f0ec05c3bda8c3b8a68c32a1b47");
  const int64_t after = UnixNow();

  ASSERT_TRUE(result) << Describe(result);
  ASSERT_EQ(result->status, 200) << Describe(result);
  ASSERT_TRUE(IsEventJson(result->body, "celtra", "0d599f0ec05c3bda8c3b8a68c32a1b47"));
  const auto event = nlohmann::json::parse(result->body);
  EXPECT_GE(event["timestamp"].get<int64_t>(), before);
  EXPECT_LE(event["timestamp"].get<int64_t>(), after);
  // Compact JSON, byte for byte what the contract shows.
  EXPECT_EQ(result->body, "{\"account_id\":\"celtra\",\"timestamp\":" +
                              std::to_string(event["timestamp"].get<int64_t>()) +
                              ",\"data\":\"0d599f0ec05c3bda8c3b8a68c32a1b47\",\"seq\":" +
                              std::to_string(event["seq"].get<uint64_t>()) + "}");
}

TEST_F(RestApiTest, ConsecutivePostsGetIncreasingSeq) {
  uint64_t previous = 0;
  for (int i = 0; i < 5; ++i) {
    const auto result = PostEvent(port(), "celtra", "event-" + std::to_string(i));
    ASSERT_TRUE(result && result->status == 200) << Describe(result);
    const uint64_t seq = nlohmann::json::parse(result->body)["seq"].get<uint64_t>();
    EXPECT_GT(seq, previous);
    previous = seq;
  }
}

TEST_F(RestApiTest, DataWithJsonEscapesAndUnicodeIsEchoedUnchanged) {
  const std::string data = "quote \" backslash \\ newline \n tab \t slash / caf\u00e9 \u2603";
  const auto result = PostEvent(port(), "celtra", data);
  ASSERT_TRUE(result && result->status == 200) << Describe(result);
  EXPECT_TRUE(IsEventJson(result->body, "celtra", data));
}

TEST_F(RestApiTest, InactiveAccountIs403WithExactBody) {
  const auto result = PostEvent(port(), "test", "x");
  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(result->body, R"({"error":"Account is inactive"})");
}

TEST_F(RestApiTest, UnknownAccountIs404) {
  EXPECT_TRUE(IsJsonError(PostEvent(port(), "nosuchaccount", "x"), 404));
}

TEST_F(RestApiTest, LongestValidAccountIdIsLookedUpNotRejected) {
  EXPECT_TRUE(IsJsonError(PostEvent(port(), std::string(64, 'a'), "x"), 404));
}

TEST_F(RestApiTest, MalformedAccountIdsAre400) {
  for (const std::string& account : {std::string(65, 'a'), std::string("bad!id"),
                                     std::string("bad%20id"), std::string("caf%C3%A9")}) {
    EXPECT_TRUE(IsJsonError(PostEvent(port(), account, "x"), 400)) << account;
  }
}

TEST_F(RestApiTest, MalformedJsonIs400) {
  for (const std::string body : {"", "{", "{\"data\":", "not json", "{\"data\":\"x\"} trailing"}) {
    EXPECT_TRUE(IsJsonError(PostBody(port(), "/tracking/celtra", body), 400)) << body;
  }
}

TEST_F(RestApiTest, BodyWithoutDataIs400) {
  for (const std::string body : {"{}", "{\"Data\":\"x\"}", "[]", "\"x\""}) {
    EXPECT_TRUE(IsJsonError(PostBody(port(), "/tracking/celtra", body), 400)) << body;
  }
}

TEST_F(RestApiTest, NonStringDataIs400) {
  for (const std::string data : {"42", "null", "true", "{\"a\":1}", "[\"x\"]"}) {
    const std::string body = "{\"data\":" + data + "}";
    EXPECT_TRUE(IsJsonError(PostBody(port(), "/tracking/celtra", body), 400)) << body;
  }
}

TEST_F(RestApiTest, DataThatIsNotUtf8Is400) {
  for (const std::string body : {"{\"data\":\"\xff\xfe\"}", "{\"data\":\"\\ud800\"}"}) {
    EXPECT_TRUE(IsJsonError(PostBody(port(), "/tracking/celtra", body), 400)) << body;
  }
}

TEST_F(RestApiTest, EmptyDataIs400) {
  EXPECT_TRUE(IsJsonError(PostEvent(port(), "celtra", ""), 400));
}

// The core's default --max_data_bytes is 64 KiB, and the edge's default body limit fits it.
TEST_F(RestApiTest, DataOfExactlyTheCoreLimitIsStored) {
  const std::string data(64 * 1024, 'x');
  const auto result = PostEvent(port(), "celtra", data);
  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 200) << Describe(result);
  EXPECT_TRUE(IsEventJson(result->body, "celtra", data));
}

TEST_F(RestApiTest, DataOfTheCoreLimitEscapedInFullFitsTheDefaultBodyLimit) {
  // Every byte a control character: JSON writes each as \u00XX, six bytes.
  const std::string data(64 * 1024, '\x01');
  ASSERT_GT(EventBody(data).size(), 6u * 64 * 1024);
  const auto result = PostEvent(port(), "celtra", data);
  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 200) << Describe(result);
}

TEST_F(RestApiTest, DataOverTheCoreLimitIs413NamingTheLimit) {
  const auto result = PostEvent(port(), "celtra", std::string(64 * 1024 + 1, 'x'));
  EXPECT_TRUE(IsJsonError(result, 413));
  EXPECT_EQ(ErrorMessageOf(result), "data is 65537 bytes; the limit is 65536");
}

TEST_F(RestApiTest, ChunkedBodyIsStored) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.Send(ChunkedTrackRequest(EventBody("chunked"), 5, /*close=*/true)));
  const auto response = connection.ReadUntilClosed().bytes;
  EXPECT_EQ(HttpStatusOf(response), 200) << response;
  EXPECT_TRUE(IsEventJson(HttpBodyOf(response), "celtra", "chunked")) << response;
}

TEST_F(RestApiTest, OtherMethodsOnTrackingAre405) {
  httplib::Client client("127.0.0.1", port());
  client.set_read_timeout(std::chrono::seconds(15));
  EXPECT_TRUE(IsJsonError(client.Get("/tracking/celtra"), 405));
  EXPECT_TRUE(IsJsonError(client.Put("/tracking/celtra", EventBody("x"), "application/json"), 405));
  EXPECT_TRUE(IsJsonError(client.Delete("/tracking/celtra"), 405));
}

TEST_F(RestApiTest, UnknownPathsAre404) {
  EXPECT_TRUE(IsJsonError(Get(port(), "/index.html"), 404));  // GET / is the live page
  EXPECT_TRUE(IsJsonError(Get(port(), "/nope"), 404));
  EXPECT_TRUE(IsJsonError(PostBody(port(), "/track/celtra", EventBody("x")), 404));
  EXPECT_TRUE(IsJsonError(PostBody(port(), "/tracking-celtra", EventBody("x")), 404));
}

TEST_F(RestApiTest, HealthzIs200WhileTheCoreServes) {
  const auto result = Get(port(), "/healthz");
  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 200) << Describe(result);
}

class BodyLimitTest : public ::testing::Test {
 protected:
  static constexpr size_t kLimit = 1024;
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }

  // A valid event body of exactly `size` bytes.
  static std::string BodyOfSize(size_t size) {
    const size_t framing = EventBody("").size();
    return EventBody(std::string(size - framing, 'x'));
  }

  EdgeStack stack_{EdgeStackOptions{{"--max_body_bytes=" + std::to_string(kLimit)}, {}, {}}};
};

TEST_F(BodyLimitTest, BodyOfExactlyTheLimitIsAccepted) {
  const auto result = PostBody(stack_.edge_port(), "/tracking/celtra", BodyOfSize(kLimit));
  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 200) << Describe(result);
}

TEST_F(BodyLimitTest, BodyOneByteOverTheLimitIs413NamingTheLimit) {
  const auto result = PostBody(stack_.edge_port(), "/tracking/celtra", BodyOfSize(kLimit + 1));
  EXPECT_TRUE(IsJsonError(result, 413));
  EXPECT_EQ(ErrorMessageOf(result), "Request body exceeds 1024 bytes");
}

TEST_F(BodyLimitTest, ChunkedBodyOverTheLimitIs413) {
  RawConnection connection(stack_.edge_port());
  ASSERT_TRUE(connection.Send(ChunkedTrackRequest(BodyOfSize(kLimit + 1), 100, /*close=*/true)));
  const auto response = connection.ReadUntilClosed().bytes;
  EXPECT_EQ(HttpStatusOf(response), 413) << response;
  EXPECT_TRUE(IsJsonErrorBody(HttpBodyOf(response))) << response;
}

TEST_F(BodyLimitTest, FarLargerBodyIs413) {
  EXPECT_TRUE(
      IsJsonError(PostBody(stack_.edge_port(), "/tracking/celtra", BodyOfSize(200 * 1024)), 413));
}

}  // namespace
}  // namespace beacon::testing
