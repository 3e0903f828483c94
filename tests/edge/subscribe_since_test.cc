// GET /subscribe?since=N over real WebSockets: replay then live, the truncated_before frame,
// refusals, and a slow consumer that resumes where its 4008 close left it.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "edge_http.h"
#include "edge_stack.h"
#include "events_api.h"
#include "gtest/gtest.h"
#include "polling.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using Messages = std::vector<std::string>;
using std::chrono::seconds;

std::string SinceQuery(uint64_t since) { return "?account=celtra&since=" + std::to_string(since); }

class SubscribeSinceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() const { return stack_.edge_port(); }

  EdgeStack stack_{EdgeStackOptions{{}, {"acme"}, {}}};
};

TEST_F(SubscribeSinceTest, ReplaysTheMatchingEventsAfterSinceInOrderThenLiveOnes) {
  Messages celtra;
  for (int i = 0; i < 5; ++i) {
    celtra.push_back(PostOk(port(), "celtra", "stored " + std::to_string(i)));
    PostOk(port(), "acme", "other account " + std::to_string(i));
  }

  WsSubscriber subscriber(port(), SinceQuery(SeqOf(celtra[1])));
  ASSERT_TRUE(subscriber.WaitOpen());
  Messages expected(celtra.begin() + 2, celtra.end());
  ASSERT_TRUE(SameMessages(subscriber.WaitForMessages(expected.size()), expected));

  expected.push_back(PostOk(port(), "celtra", "live"));
  PostOk(port(), "acme", "live, other account");
  expected.push_back(PostOk(port(), "celtra", "live 2"));
  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(expected.size()), expected));
}

TEST_F(SubscribeSinceTest, SinceZeroReplaysEverythingStored) {
  const Messages stored = {PostOk(port(), "celtra", "a"), PostOk(port(), "acme", "b")};

  WsSubscriber subscriber(port(), "?since=0");
  ASSERT_TRUE(subscriber.WaitOpen());

  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(stored.size()), stored));
}

TEST_F(SubscribeSinceTest, WithoutSinceOnlyLiveEventsArrive) {
  PostOk(port(), "celtra", "before the subscription");
  WsSubscriber subscriber(port(), "?account=celtra");
  ASSERT_TRUE(subscriber.WaitOpen());

  const std::string live = PostOk(port(), "celtra", "live");

  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(1), Messages{live}));
}

TEST_F(SubscribeSinceTest, SinceEqualToTheNewestSeqIsAcceptedAndContinuesLive) {
  const std::string newest = PostOk(port(), "celtra", "newest");
  WsSubscriber subscriber(port(), SinceQuery(SeqOf(newest)));
  ASSERT_TRUE(subscriber.WaitOpen());

  const std::string live = PostOk(port(), "celtra", "live");

  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(1), Messages{live}));
}

TEST_F(SubscribeSinceTest, SinceThatIsNotAPlainUint64IsRefusedWith400) {
  PostOk(port(), "celtra", "x");
  for (const std::string since :
       {"-1", "abc", "18446744073709551616", "", "%2B1", "%201", "1.0", "0x1"}) {
    const auto result = RequestUpgrade(port(), "?account=celtra&since=" + since);
    EXPECT_TRUE(IsJsonError(result, 400)) << "since=" << since;
    if (result) {
      EXPECT_NE(result->body.find("since"), std::string::npos) << result->body;
    }
  }
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?since=1&since=2"), 400));
  WsSubscriber refused(port(), "?since=abc");
  EXPECT_FALSE(refused.WaitOpen());
}

TEST_F(SubscribeSinceTest, SinceAheadOfTheNewestEventIsRefusedWith400) {
  const uint64_t newest = SeqOf(PostOk(port(), "celtra", "newest"));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), SinceQuery(newest + 1000000000)), 400));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?since=18446744073709551615"), 400));
}

// Retention keeps the newest 5 events; a subscriber asking for older ones first learns where
// the kept events start.
class TruncatedReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(stack_.Start());
    for (int i = 0; i < 20; ++i) posted_.push_back(PostOk(port(), "celtra", std::to_string(i)));
    // Wait until retention has run: the core lists at most the newest 5.
    ASSERT_TRUE(PollUntil(
        [&] {
          listed_ = GetEventsPage(port(), "?since=0&limit=1000");
          return listed_ && listed_->events.size() <= 5 && listed_->truncated_before != 0;
        },
        seconds(10)))
        << (listed_ ? listed_->events.size() : 0) << " events listed";
  }
  int port() const { return stack_.edge_port(); }

  EdgeStack stack_{
      EdgeStackOptions{{}, {}, {"--retention_max_events=5", "--retention_interval=50ms"}}};
  Messages posted_;
  std::optional<EventsPage> listed_;
};

TEST_F(TruncatedReplayTest, ListingReportsTheDeletedPrefixAndKeepsTheNewestEvents) {
  ASSERT_FALSE(listed_->events.empty());
  // The kept events are the newest ones, in order, and truncated_before separates them from the
  // deleted ones.
  const Messages newest(posted_.end() - static_cast<long>(listed_->events.size()), posted_.end());
  EXPECT_EQ(listed_->events, newest);
  EXPECT_LE(listed_->truncated_before, SeqOf(newest.front()));
  EXPECT_GT(listed_->truncated_before, SeqOf(posted_[posted_.size() - newest.size() - 1]));
}

TEST_F(TruncatedReplayTest, SinceZeroGetsTheTruncatedBeforeFrameFirstThenTheKeptEvents) {
  WsSubscriber subscriber(port(), "?account=celtra&since=0");
  ASSERT_TRUE(subscriber.WaitOpen());

  Messages expected = {"{\"truncated_before\":" + std::to_string(listed_->truncated_before) + "}"};
  expected.insert(expected.end(), listed_->events.begin(), listed_->events.end());
  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(expected.size()), expected));

  expected.push_back(PostOk(port(), "celtra", "live"));
  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(expected.size()), expected));
}

TEST_F(TruncatedReplayTest, SinceWithinTheKeptEventsGetsNoTruncatedBeforeFrame) {
  WsSubscriber subscriber(port(), SinceQuery(SeqOf(listed_->events.front())));
  ASSERT_TRUE(subscriber.WaitOpen());

  const Messages expected(listed_->events.begin() + 1, listed_->events.end());
  const std::string live = PostOk(port(), "celtra", "live");
  Messages with_live = expected;
  with_live.push_back(live);
  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(with_live.size()), with_live));
}

// A subscriber that stops reading is closed with 4008; reconnecting with since=<the last seq it
// got> gives it the rest, so it ends with every event exactly once, in order.
TEST(SlowConsumerResumeTest, ClosedWith4008ThenResumedWithSinceGetsEveryEventOnceInOrder) {
  // The core ends the stream of a subscriber that falls 64 events behind.
  EdgeStack stack(EdgeStackOptions{{}, {}, {"--subscriber_queue_events=64"}});
  ASSERT_TRUE(stack.Start());
  const int port = stack.edge_port();
  auto slow = std::make_unique<WsSubscriber>(port, "?account=celtra");
  ASSERT_TRUE(slow->WaitOpen());

  slow->PauseReading();
  Messages events = {PostOk(port, "celtra", "first")};
  ASSERT_EQ(slow->WaitForMessages(1).size(), 1u);  // from here on `slow` reads nothing
  // 18 MB: far more than the edge's limit, the core's queue and the kernel's socket buffers
  // (a few MB for a reader that stopped) can hold together.
  const std::string data(60000, 'x');
  for (int i = 0; i < 300; ++i) events.push_back(PostOk(port, "celtra", data + std::to_string(i)));
  slow->ResumeReading();
  ASSERT_TRUE(slow->WaitClosed(seconds(20)));
  ASSERT_EQ(slow->close_code(), 4008) << slow->close_reason();
  const Messages before_close = slow->Messages();
  ASSERT_LT(before_close.size(), events.size());
  ASSERT_TRUE(SameMessages(
      before_close,
      Messages(events.begin(), events.begin() + static_cast<long>(before_close.size()))));

  WsSubscriber resumed(port, SinceQuery(SeqOf(before_close.back())));
  ASSERT_TRUE(resumed.WaitOpen());
  events.push_back(PostOk(port, "celtra", "live after the resume"));
  const Messages rest(events.begin() + static_cast<long>(before_close.size()), events.end());
  EXPECT_TRUE(SameMessages(resumed.WaitForMessages(rest.size(), seconds(20)), rest));
}

}  // namespace
}  // namespace beacon::testing
