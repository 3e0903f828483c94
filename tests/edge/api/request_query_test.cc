// Query strings: percent-decoding, splitting into parameters, strict numbers, and what
// GET /subscribe and GET /events make of them.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "edge/api/decimal_uint64.h"
#include "edge/api/list_events_query.h"
#include "edge/api/percent_decode.h"
#include "edge/api/query_parameters.h"
#include "edge/api/subscribe_query.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

using ::testing::ElementsAre;

TEST(PercentDecodeTest, EscapesDecodeAndPlusDependsOnWhereItIs) {
  EXPECT_EQ(*PercentDecode("a%2Fb%20c", PlusSign::kLiteral), "a/b c");
  EXPECT_EQ(*PercentDecode("a%2fb", PlusSign::kLiteral), "a/b");
  EXPECT_EQ(*PercentDecode("a+b", PlusSign::kLiteral), "a+b");
  EXPECT_EQ(*PercentDecode("a+b", PlusSign::kSpace), "a b");
  EXPECT_EQ(*PercentDecode("%2B", PlusSign::kSpace), "+");
  EXPECT_EQ(*PercentDecode("", PlusSign::kSpace), "");
}

TEST(PercentDecodeTest, PercentWithoutTwoHexDigitsIsInvalidArgument) {
  for (const char* bad : {"%", "a%", "%4", "%G1", "%1G", "100%"}) {
    EXPECT_EQ(PercentDecode(bad, PlusSign::kLiteral).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(DecimalUint64Test, OnlyPlainDigitsThatFit) {
  EXPECT_EQ(ParseDecimalUint64("0"), 0u);
  EXPECT_EQ(ParseDecimalUint64("42"), 42u);
  EXPECT_EQ(ParseDecimalUint64("007"), 7u);
  EXPECT_EQ(ParseDecimalUint64("18446744073709551615"), UINT64_MAX);
  for (const char* bad : {"", "18446744073709551616", "99999999999999999999", "+5", "-1", " 5",
                          "5 ", "0x10", "1e3", "1.0"}) {
    EXPECT_FALSE(ParseDecimalUint64(bad).has_value()) << '"' << bad << '"';
  }
}

MATCHER_P2(Parameter, name, value, "") { return arg.name == name && arg.value == value; }

TEST(QueryParametersTest, SplitsInOrderWithRepeatsAndDecodes) {
  const auto parameters = ParseQueryParameters("a=1&&b=x+y%21&a=2&flag&empty=");
  ASSERT_TRUE(parameters.ok()) << parameters.status();
  EXPECT_THAT(*parameters,
              ElementsAre(Parameter("a", "1"), Parameter("b", "x y!"), Parameter("a", "2"),
                          Parameter("flag", ""), Parameter("empty", "")));
  EXPECT_TRUE(ParseQueryParameters("")->empty());
  EXPECT_EQ(ParseQueryParameters("a=%zz").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SubscribeQueryTest, AccountsRepeatOrListWithCommasAndDuplicatesGo) {
  const auto query = ParseSubscribeQuery("account=a,b&account=c&account=a&since=7&other=x");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_THAT(query->account_ids, ElementsAre("a", "b", "c"));
  EXPECT_EQ(query->since, 7u);
}

TEST(SubscribeQueryTest, NoAccountIsEveryAccountAndNoSinceIsLiveOnly) {
  const auto query = ParseSubscribeQuery("");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_TRUE(query->account_ids.empty());
  EXPECT_FALSE(query->since.has_value());
  EXPECT_EQ(ParseSubscribeQuery("since=0")->since, 0u);
}

TEST(SubscribeQueryTest, MalformedParametersAreRefusedWithAMessageForTheClient) {
  EXPECT_EQ(ParseSubscribeQuery("account=").status(),
            absl::InvalidArgumentError("Empty 'account' parameter"));
  EXPECT_EQ(ParseSubscribeQuery("since=1&since=2").status(),
            absl::InvalidArgumentError("'since' may be given only once"));
  for (const char* bad : {"since=", "since=-1", "since=abc", "since=18446744073709551616"}) {
    EXPECT_EQ(ParseSubscribeQuery(bad).status(),
              absl::InvalidArgumentError(
                  "since must be a non-negative integer (a seq, at most 18446744073709551615)"))
        << bad;
  }
  EXPECT_EQ(ParseSubscribeQuery("account=%").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ListEventsQueryTest, EveryParameterLandsInTheRequestAndTokensAreSkipped) {
  const auto request = ParseListEventsQuery(
      "account=celtra&since=5&until=9&limit=3&page_token=p%2B1&token=k1&token=k2");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->account_id(), "celtra");
  EXPECT_EQ(request->since(), 5u);
  EXPECT_EQ(request->until(), 9u);
  EXPECT_EQ(request->limit(), 3u);
  EXPECT_EQ(request->page_token(), "p+1");
  const auto empty = ParseListEventsQuery("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->account_id(), "");
  EXPECT_EQ(empty->limit(), 0u);
}

TEST(ListEventsQueryTest, RefusalsNameTheParameter) {
  EXPECT_EQ(ParseListEventsQuery("limit=abc").status(),
            absl::InvalidArgumentError(
                "limit must be a non-negative integer (at most 4294967295), got \"abc\""));
  EXPECT_EQ(ParseListEventsQuery("limit=4294967296").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseListEventsQuery("limit=4294967295")->limit(), 4294967295u);
  EXPECT_EQ(ParseListEventsQuery("since=1&since=2").status(),
            absl::InvalidArgumentError("'since' may be given only once"));
  EXPECT_EQ(ParseListEventsQuery("account=").status(),
            absl::InvalidArgumentError("Empty 'account' parameter"));
  EXPECT_EQ(ParseListEventsQuery("acount=celtra").status(),
            absl::InvalidArgumentError("Unknown parameter 'acount'; GET /events takes account, "
                                       "since, until, limit, page_token, token"));
  const std::string long_value(100, '9');
  const absl::Status too_long = ParseListEventsQuery("until=" + long_value).status();
  EXPECT_EQ(too_long.message(),
            "until must be a non-negative integer (at most "
            "18446744073709551615), got \"" +
                long_value.substr(0, 40) + "...\"");
}

}  // namespace
}  // namespace beacon::edge
