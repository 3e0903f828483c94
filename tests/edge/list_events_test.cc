// GET /events (ListEvents on the core) over real HTTP: paging, filters, the body, every error.
#include <string>
#include <vector>

#include "edge_http.h"
#include "edge_stack.h"
#include "events_api.h"
#include "gtest/gtest.h"

namespace beacon::testing {
namespace {

using Events = std::vector<std::string>;

std::string Join(const Events& events) {
  std::string joined;
  for (const std::string& event : events) joined += (joined.empty() ? "" : ",") + event;
  return joined;
}

// A second active account ("acme") makes the account filter observable.
class ListEventsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() const { return stack_.edge_port(); }

  // Posts `count` events alternating celtra and acme; returns them as the edge answered.
  Events PostInterleaved(int count) {
    Events events;
    for (int i = 0; i < count; ++i) {
      events.push_back(PostOk(port(), i % 2 == 0 ? "celtra" : "acme", "e" + std::to_string(i)));
    }
    return events;
  }

  EdgeStack stack_{EdgeStackOptions{{}, {"acme"}, {}}};
};

TEST_F(ListEventsTest, PagingWithLimitAndPageTokenListsEveryEventOnceInOrder) {
  const Events posted = PostInterleaved(12);

  EXPECT_EQ(GetAllEvents(port(), "", 5), posted);
  EXPECT_EQ(GetAllEvents(port(), "", 1), posted);
  EXPECT_EQ(GetAllEvents(port(), "", 1000), posted);
}

TEST_F(ListEventsTest, AccountFilterListsOnlyThatAccount) {
  const Events posted = PostInterleaved(9);
  Events acme;
  for (size_t i = 1; i < posted.size(); i += 2) acme.push_back(posted[i]);

  EXPECT_EQ(GetAllEvents(port(), "account=acme", 2), acme);
}

TEST_F(ListEventsTest, SinceAndUntilSelectASeqRange) {
  const Events posted = PostInterleaved(8);
  const std::string range =
      "since=" + std::to_string(SeqOf(posted[2])) + "&until=" + std::to_string(SeqOf(posted[5]));

  EXPECT_EQ(GetAllEvents(port(), range, 100), (Events{posted[3], posted[4], posted[5]}));
  EXPECT_EQ(GetAllEvents(port(), "since=" + std::to_string(SeqOf(posted.back())), 100), Events{});
}

TEST_F(ListEventsTest, BodyIsExactlyEventsThenNextPageToken) {
  const Events posted = PostInterleaved(3);

  const auto result = Get(port(), "/events?account=celtra");

  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  // Compact, keys in this order, no truncated_before while nothing was deleted.
  EXPECT_EQ(result->body,
            "{\"events\":[" + Join({posted[0], posted[2]}) + "],\"next_page_token\":\"\"}");
}

TEST_F(ListEventsTest, EmptyStoreListsNoEvents) {
  EXPECT_EQ(Get(port(), "/events")->body, "{\"events\":[],\"next_page_token\":\"\"}");
}

TEST_F(ListEventsTest, UnknownAccountIs404WithTheCoresMessage) {
  const auto result = Get(port(), "/events?account=nosuchaccount");
  ASSERT_TRUE(IsJsonError(result, 404));
  EXPECT_EQ(result->body, "{\"error\":\"Account not found: nosuchaccount\"}");
}

TEST_F(ListEventsTest, MalformedAccountIs400) {
  EXPECT_TRUE(IsJsonError(Get(port(), "/events?account=bad!id"), 400));
  EXPECT_TRUE(IsJsonError(Get(port(), "/events?account="), 400));
}

TEST_F(ListEventsTest, NumbersThatAreNotPlainUint64AreRefusedWith400NamingTheParameter) {
  for (const std::string parameter : {"limit", "since", "until"}) {
    for (const std::string value :
         {"abc", "-1", "%2B5", "%205", "1.5", "0x10", "", "18446744073709551616"}) {
      const auto result = Get(port(), "/events?" + parameter + "=" + value);
      EXPECT_TRUE(IsJsonError(result, 400)) << parameter << "=" << value;
      if (result) {
        EXPECT_NE(result->body.find(parameter), std::string::npos) << result->body;
      }
    }
  }
  // limit is a uint32 in the contract.
  const auto too_large = Get(port(), "/events?limit=4294967296");
  EXPECT_TRUE(IsJsonError(too_large, 400));
  if (too_large) {
    EXPECT_NE(too_large->body.find("limit"), std::string::npos) << too_large->body;
  }
}

TEST_F(ListEventsTest, RepeatedOrUnknownParametersAreRefusedWith400) {
  EXPECT_TRUE(IsJsonError(Get(port(), "/events?limit=1&limit=2"), 400));
  EXPECT_TRUE(IsJsonError(Get(port(), "/events?account=celtra&account=acme"), 400));
  const auto unknown = Get(port(), "/events?acount=celtra");
  ASSERT_TRUE(IsJsonError(unknown, 400));
  EXPECT_NE(unknown->body.find("acount"), std::string::npos) << unknown->body;
}

TEST_F(ListEventsTest, MalformedPageTokenIs400) {
  PostInterleaved(2);
  EXPECT_TRUE(IsJsonError(Get(port(), "/events?page_token=not-a-token"), 400));
}

TEST_F(ListEventsTest, OtherMethodsAre405WithAllowGet) {
  const auto post = PostBody(port(), "/events", "{}");
  ASSERT_TRUE(IsJsonError(post, 405));
  EXPECT_EQ(post->get_header_value("Allow"), "GET");
}

TEST(ListEventsWithoutCoreTest, CoreUnreachableIs503) {
  const auto edge = StartEdgeWithoutCore();
  EXPECT_TRUE(IsJsonError(Get(edge->port(), "/events"), 503));
}

}  // namespace
}  // namespace beacon::testing
