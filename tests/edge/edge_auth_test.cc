// Keys through the edge: Authorization: Bearer headers and token query parameters reach the
// core as authorization metadata; its refusals come back as 401/403 JSON errors, and deleting an
// account closes its WebSockets with 4404.
#include <nlohmann/json.hpp>
#include <string>

#include "edge_http.h"
#include "events_api.h"
#include "gtest/gtest.h"
#include "keyed_accounts_test.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

httplib::Headers Bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

class EdgeAuthTest : public KeyedAccountsTest {
 protected:
  EdgeAuthTest() : KeyedAccountsTest({"--subscriber_auth=required", "--track_auth=required"}) {}

  int port() const { return stack_.edge_port(); }
};

TEST_F(EdgeAuthTest, SubscribeWithoutAKeyIs401AndWithTheWrongKeyIs403) {
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=acme"), 401));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=acme", Bearer(other_key_)), 403));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=acme&token=" + other_key_), 403));
  // Every account needs the admin token; a subscriber key is not enough.
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "", Bearer(acme_key_)), 403));
}

TEST_F(EdgeAuthTest, ErrorBodiesNeverEchoTheKey) {
  const auto refused = RequestUpgrade(port(), "?account=acme&token=" + other_key_);
  ASSERT_TRUE(refused) << Describe(refused);
  EXPECT_EQ(refused->body.find(other_key_), std::string::npos) << refused->body;
  const auto malformed = RequestUpgrade(port(), "?account=acme&token=%0Abad");
  EXPECT_TRUE(IsJsonError(malformed, 401));
}

TEST_F(EdgeAuthTest, SubscribeWithTheRightKeyInTheHeaderReceivesEvents) {
  WsSubscriber subscriber(port(), "?account=acme", {{"Authorization", "Bearer " + acme_key_}});
  ASSERT_TRUE(subscriber.WaitOpen());
  PostBodyWithHeaders(port(), "/tracking/acme", EventBody("by header"), Bearer(acme_key_));
  const auto messages = subscriber.WaitForMessages(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(IsEventJson(messages[0], "acme", "by header"));
}

TEST_F(EdgeAuthTest, SubscribeWithOneTokenParameterPerAccountReceivesEvents) {
  WsSubscriber subscriber(port(),
                          "?account=acme,other&token=" + acme_key_ + "&token=" + other_key_);
  ASSERT_TRUE(subscriber.WaitOpen());
  PostBodyWithHeaders(port(), "/tracking/other", EventBody("by token"), Bearer(other_key_));
  const auto messages = subscriber.WaitForMessages(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(IsEventJson(messages[0], "other", "by token"));
}

TEST_F(EdgeAuthTest, AdminTokenSubscribesToEveryAccount) {
  WsSubscriber subscriber(port(), "", {{"Authorization", "Bearer " + admin_->admin_token()}});
  ASSERT_TRUE(subscriber.WaitOpen());
}

TEST_F(EdgeAuthTest, PostNeedsTheAccountsKeyWhenTrackAuthIsRequired) {
  const auto missing = PostEvent(port(), "acme", "no key");
  EXPECT_TRUE(IsJsonError(missing, 401));
  const auto wrong =
      PostBodyWithHeaders(port(), "/tracking/acme", EventBody("wrong key"), Bearer(other_key_));
  EXPECT_TRUE(IsJsonError(wrong, 403));
  const auto right =
      PostBodyWithHeaders(port(), "/tracking/acme", EventBody("right key"), Bearer(acme_key_));
  ASSERT_TRUE(right) << Describe(right);
  EXPECT_EQ(right->status, 200) << Describe(right);
  EXPECT_TRUE(IsEventJson(right->body, "acme", "right key"));
}

TEST_F(EdgeAuthTest, InactiveAccountWithTheRightKeyKeepsItsExact403) {
  const std::string key = admin_->CreateAccount("dormant");
  ASSERT_FALSE(key.empty());
  ASSERT_TRUE(admin_->SetActive("dormant", false));
  const auto inactive =
      PostBodyWithHeaders(port(), "/tracking/dormant", EventBody("x"), Bearer(key));
  ASSERT_TRUE(IsJsonError(inactive, 403));
  EXPECT_EQ(inactive->body, R"({"error":"Account is inactive"})");
}

TEST_F(EdgeAuthTest, ListEventsTakesTheKeyFromTheHeaderOrTheTokenParameter) {
  PostBodyWithHeaders(port(), "/tracking/acme", EventBody("listed"), Bearer(acme_key_));
  EXPECT_TRUE(IsJsonError(Get(port(), "/events?account=acme"), 401));
  EXPECT_TRUE(IsJsonError(GetWithHeaders(port(), "/events?account=acme", Bearer(other_key_)), 403));
  const auto by_header = GetWithHeaders(port(), "/events?account=acme", Bearer(acme_key_));
  ASSERT_TRUE(by_header) << Describe(by_header);
  EXPECT_EQ(by_header->status, 200) << Describe(by_header);
  EXPECT_NE(by_header->body.find("listed"), std::string::npos) << by_header->body;
  const auto by_token = Get(port(), "/events?account=acme&token=" + acme_key_);
  ASSERT_TRUE(by_token) << Describe(by_token);
  EXPECT_EQ(by_token->status, 200) << Describe(by_token);
}

TEST_F(EdgeAuthTest, DeletingAnAccountClosesItsWebSocketWith4404AndTheReason) {
  WsSubscriber subscriber(port(), "?account=acme&token=" + acme_key_);
  ASSERT_TRUE(subscriber.WaitOpen());
  ASSERT_TRUE(admin_->DeleteAccount("acme"));
  ASSERT_TRUE(subscriber.WaitClosed());
  EXPECT_EQ(subscriber.close_code(), 4404);
  EXPECT_EQ(subscriber.close_reason(), "Account deleted: acme");
}

}  // namespace
}  // namespace beacon::testing
