// How core statuses become HTTP answers and close codes, which keys a request carries, and that
// printed text never holds a key.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "edge/api/bearer_tokens.h"
#include "edge/api/core_status_mapping.h"
#include "edge/api/redact_tokens.h"
#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

TEST(CoreStatusMappingTest, RestCallsMapAccessRefusalsTo401And403WithTheCoresMessage) {
  const HttpError missing = HttpErrorForRestCall(absl::UnauthenticatedError("Missing key"));
  EXPECT_EQ(missing.http_status, 401);
  EXPECT_EQ(missing.message, "Missing key");
  const HttpError wrong = HttpErrorForRestCall(absl::PermissionDeniedError("Wrong key"));
  EXPECT_EQ(wrong.http_status, 403);
  EXPECT_EQ(wrong.message, "Wrong key");
  EXPECT_EQ(wrong.retry_after_seconds, 0);
}

TEST(CoreStatusMappingTest, InactiveAccountKeepsItsExact403) {
  const HttpError inactive =
      HttpErrorForRestCall(absl::FailedPreconditionError("Account is inactive"));
  EXPECT_EQ(inactive.http_status, 403);
  EXPECT_EQ(inactive.message, "Account is inactive");
}

TEST(CoreStatusMappingTest, TooManyPendingEventsIs429WithRetryAfterOneSecond) {
  const HttpError busy = HttpErrorForRestCall(
      absl::ResourceExhaustedError("Too many events waiting to be stored; retry"));
  EXPECT_EQ(busy.http_status, 429);
  EXPECT_EQ(busy.message, "Too many events waiting to be stored; retry");
  EXPECT_EQ(busy.retry_after_seconds, 1);
}

TEST(CoreStatusMappingTest, UpgradeRefusalsMapAccessLikeRestButTooManySubscriptionsIs503) {
  EXPECT_EQ(HttpErrorForSubscribeRefusal(absl::UnauthenticatedError("k")).http_status, 401);
  EXPECT_EQ(HttpErrorForSubscribeRefusal(absl::PermissionDeniedError("k")).http_status, 403);
  const HttpError full = HttpErrorForSubscribeRefusal(absl::ResourceExhaustedError("full"));
  EXPECT_EQ(full.http_status, 503);
  EXPECT_EQ(full.retry_after_seconds, 0);
}

TEST(CoreStatusMappingTest, DeletedAccountEndsTheStreamWith4404AndTheReason) {
  const WebSocketClose close =
      WebSocketCloseForStreamEnd(absl::NotFoundError("Account deleted: acme"));
  EXPECT_EQ(close.code, 4404);
  EXPECT_EQ(close.reason, "Account deleted: acme");
}

TEST(BearerTokensTest, HeaderComesFirstThenEveryTokenParameter) {
  const auto tokens = BearerTokensOf("Bearer aaa", "account=x&token=bbb&token=ccc&token=");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(*tokens, (std::vector<std::string>{"aaa", "bbb", "ccc"}));
}

TEST(BearerTokensTest, SchemeIsCaseInsensitiveAndOtherSchemesAreNotForwarded) {
  EXPECT_EQ(*BearerTokensOf("bEaReR  k1 ", ""), std::vector<std::string>{"k1"});
  EXPECT_TRUE(BearerTokensOf("Basic dXNlcjpwYXNz", "")->empty());
  EXPECT_TRUE(BearerTokensOf("", "")->empty());
}

TEST(BearerTokensTest, KeysThatCannotBeMetadataAreUnauthenticatedWithoutEchoingThem) {
  const auto newline = BearerTokensOf("", "token=sec%0Aret");
  ASSERT_FALSE(newline.ok());
  EXPECT_EQ(newline.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(std::string(newline.status().message()).find("sec"), std::string::npos);
  EXPECT_FALSE(BearerTokensOf("Bearer " + std::string(513, 'k'), "").ok());
  EXPECT_TRUE(BearerTokensOf("Bearer " + std::string(512, 'k'), "").ok());
  EXPECT_FALSE(BearerTokensOf("", "token=%zz").ok());
}

TEST(RedactTokensTest, TokenParametersAndBearerValuesAreReplaced) {
  EXPECT_EQ(RedactTokens("GET /subscribe?account=a&token=s3cret&token=other&since=1"),
            "GET /subscribe?account=a&token=REDACTED&token=REDACTED&since=1");
  EXPECT_EQ(RedactTokens("Authorization: Bearer abc123\r\nHost: x"),
            "Authorization: Bearer REDACTED\r\nHost: x");
  EXPECT_EQ(RedactTokens("TOKEN=abc \"bearer xyz\""), "TOKEN=REDACTED \"bearer REDACTED\"");
  EXPECT_EQ(RedactTokens("nothing secret here"), "nothing secret here");
}

}  // namespace
}  // namespace beacon::edge
