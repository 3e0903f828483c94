// The edge while its core is missing, killed (SIGKILL) and restarted on the same port and data.
#include <chrono>
#include <memory>
#include <string>

#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "polling.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kCoreDeadlineMs = 2000;

bool HasStatus(const httplib::Result& result, int status) {
  return result && result->status == status;
}

class CoreOutageTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() const { return stack_.edge_port(); }

  EdgeStack stack_{
      EdgeStackOptions{{"--core_deadline_ms=" + std::to_string(kCoreDeadlineMs)}, {}, {}}};
};

TEST_F(CoreOutageTest, KilledCoreTurnsPostsAndHealthzInto503) {
  PostOk(port(), "celtra", "before");
  stack_.KillCore();

  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(IsJsonError(PostEvent(port(), "celtra", "after"), 503));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(kCoreDeadlineMs) + seconds(3));
  EXPECT_TRUE(PollUntil([&] { return HasStatus(Get(port(), "/healthz"), 503); }, seconds(10)))
      << Describe(Get(port(), "/healthz"));
  EXPECT_TRUE(stack_.edge().Running());
}

TEST_F(CoreOutageTest, KilledCoreClosesOpenWebSocketsWith1012) {
  WsSubscriber filtered(port(), "?account=celtra");
  WsSubscriber unfiltered(port(), "");
  ASSERT_TRUE(filtered.WaitOpen());
  ASSERT_TRUE(unfiltered.WaitOpen());

  stack_.KillCore();

  for (WsSubscriber* subscriber : {&filtered, &unfiltered}) {
    ASSERT_TRUE(subscriber->WaitClosed(seconds(15)));
    EXPECT_EQ(subscriber->close_code(), 1012);
    EXPECT_EQ(subscriber->close_reason(), "core unavailable");
  }
}

TEST_F(CoreOutageTest, UpgradeWhileTheCoreIsDownIsRefusedWith503) {
  stack_.KillCore();
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=celtra"), 503));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), ""), 503));
}

TEST_F(CoreOutageTest, RestartedCoreServesPostsAndNewSubscriptionsAgain) {
  PostOk(port(), "celtra", "before");
  stack_.KillCore();
  ASSERT_TRUE(IsJsonError(PostEvent(port(), "celtra", "while down"), 503));
  ASSERT_TRUE(stack_.RestartCore());

  // The edge's channel reconnects on its own, after a backoff.
  EXPECT_TRUE(PollUntil([&] { return HasStatus(PostEvent(port(), "celtra", "x"), 200); },
                        seconds(30), milliseconds(200)));
  EXPECT_TRUE(PollUntil([&] { return HasStatus(Get(port(), "/healthz"), 200); }, seconds(10)));
  std::unique_ptr<WsSubscriber> subscriber;
  EXPECT_TRUE(PollUntil(
      [&] {
        subscriber = std::make_unique<WsSubscriber>(port(), "?account=celtra");
        return subscriber->WaitOpen();
      },
      seconds(10), milliseconds(200)));
  ASSERT_TRUE(subscriber->WaitOpen());

  const std::string event = PostOk(port(), "celtra", "after restart");
  EXPECT_TRUE(SameMessages(subscriber->WaitForMessages(1), {event}));
  // Same database: the inactive account is still inactive.
  const auto inactive = PostEvent(port(), "test", "x");
  ASSERT_TRUE(inactive) << Describe(inactive);
  EXPECT_EQ(inactive->status, 403);
}

TEST(EdgeWithoutCoreTest, AnswersEveryCoreDependentRequestWith503) {
  const auto edge = StartEdgeWithoutCore();
  ASSERT_TRUE(edge->Running());
  EXPECT_TRUE(IsJsonError(PostEvent(edge->port(), "celtra", "x"), 503));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(edge->port(), "?account=celtra"), 503));
  const auto health = Get(edge->port(), "/healthz");
  ASSERT_TRUE(health) << Describe(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_TRUE(IsJsonError(Get(edge->port(), "/nope"), 404));
}

}  // namespace
}  // namespace beacon::testing
