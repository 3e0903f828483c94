// GET /subscribe over real WebSockets: delivery, filters, order, refusals, slow consumers.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using Messages = std::vector<std::string>;

// A second active account ("acme") makes events of another account possible.
class WebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }
  int port() const { return stack_.edge_port(); }

  EdgeStack stack_{EdgeStackOptions{{}, {"acme"}, {}}};
};

TEST_F(WebSocketTest, FilteredSubscriberReceivesThePostedEventAsOneTextMessage) {
  WsSubscriber subscriber(port(), "?account=celtra");
  ASSERT_TRUE(subscriber.WaitOpen());

  const std::string event = PostOk(port(), "celtra", "0d599f0ec05c3bda8c3b8a68c32a1b47");

  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(1), Messages{event}));
  EXPECT_TRUE(subscriber.only_text_frames());
  EXPECT_TRUE(
      IsEventJson(subscriber.Messages().front(), "celtra", "0d599f0ec05c3bda8c3b8a68c32a1b47"));
}

TEST_F(WebSocketTest, SubscriberWithoutFilterReceivesEveryAccount) {
  WsSubscriber subscriber(port(), "");
  ASSERT_TRUE(subscriber.WaitOpen());

  const Messages events = {PostOk(port(), "celtra", "one"), PostOk(port(), "acme", "two"),
                           PostOk(port(), "celtra", "three")};

  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(3), events));
}

TEST_F(WebSocketTest, FilterKeepsOutEventsOfOtherAccounts) {
  WsSubscriber celtra(port(), "?account=celtra");
  WsSubscriber acme(port(), "?account=acme");
  ASSERT_TRUE(celtra.WaitOpen());
  ASSERT_TRUE(acme.WaitOpen());

  // Interleaved posts; each stream is in seq order with none skipped, so a leaked event of
  // the other account would show up before that stream's last expected event.
  Messages celtra_events, acme_events;
  for (int i = 0; i < 10; ++i) {
    celtra_events.push_back(PostOk(port(), "celtra", "c" + std::to_string(i)));
    acme_events.push_back(PostOk(port(), "acme", "a" + std::to_string(i)));
  }

  EXPECT_TRUE(SameMessages(celtra.WaitForMessages(celtra_events.size()), celtra_events));
  EXPECT_TRUE(SameMessages(acme.WaitForMessages(acme_events.size()), acme_events));
}

TEST_F(WebSocketTest, RepeatedAndCommaSeparatedFiltersBothSelectEveryNamedAccount) {
  WsSubscriber repeated(port(), "?account=celtra&account=acme");
  WsSubscriber comma_separated(port(), "?account=celtra,acme");
  WsSubscriber acme_only(port(), "?account=acme");
  ASSERT_TRUE(repeated.WaitOpen());
  ASSERT_TRUE(comma_separated.WaitOpen());
  ASSERT_TRUE(acme_only.WaitOpen());

  const std::string celtra_event = PostOk(port(), "celtra", "c");
  const std::string acme_event = PostOk(port(), "acme", "a");

  EXPECT_TRUE(SameMessages(repeated.WaitForMessages(2), (Messages{celtra_event, acme_event})));
  EXPECT_TRUE(
      SameMessages(comma_separated.WaitForMessages(2), (Messages{celtra_event, acme_event})));
  EXPECT_TRUE(SameMessages(acme_only.WaitForMessages(1), Messages{acme_event}));
}

TEST_F(WebSocketTest, ManyEventsArriveInSeqOrderWithNoneMissing) {
  WsSubscriber subscriber(port(), "?account=celtra");
  ASSERT_TRUE(subscriber.WaitOpen());

  Messages events;
  for (int i = 0; i < 100; ++i) events.push_back(PostOk(port(), "celtra", std::to_string(i)));

  EXPECT_TRUE(SameMessages(subscriber.WaitForMessages(events.size()), events));
}

TEST_F(WebSocketTest, ConcurrentPostsReachEverySubscriberInSeqOrder) {
  constexpr int kPosters = 4, kPostsEach = 25, kSubscribers = 3;
  std::vector<std::unique_ptr<WsSubscriber>> subscribers;
  for (int i = 0; i < kSubscribers; ++i) {
    subscribers.push_back(std::make_unique<WsSubscriber>(port(), "?account=celtra"));
    ASSERT_TRUE(subscribers.back()->WaitOpen());
  }

  std::vector<std::vector<uint64_t>> posted_seqs(kPosters);
  std::vector<std::thread> posters;
  for (int p = 0; p < kPosters; ++p) {
    posters.emplace_back([&, p] {
      for (int i = 0; i < kPostsEach; ++i) {
        const std::string event = PostOk(port(), "celtra", std::to_string(p * 1000 + i));
        if (!event.empty()) posted_seqs[p].push_back(SeqOf(event));
      }
    });
  }
  for (auto& poster : posters) poster.join();
  std::vector<uint64_t> all_seqs;
  for (const auto& seqs : posted_seqs) all_seqs.insert(all_seqs.end(), seqs.begin(), seqs.end());
  std::sort(all_seqs.begin(), all_seqs.end());
  ASSERT_EQ(all_seqs.size(), static_cast<size_t>(kPosters * kPostsEach));

  for (auto& subscriber : subscribers) {
    std::vector<uint64_t> received_seqs;
    for (const auto& event : subscriber->WaitForMessages(all_seqs.size())) {
      received_seqs.push_back(SeqOf(event));
    }
    EXPECT_EQ(received_seqs, all_seqs);
  }
}

TEST_F(WebSocketTest, UnknownAccountUpgradeIsRefusedWith404) {
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=nosuchaccount"), 404));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=celtra,nosuchaccount"), 404));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=celtra&account=nosuchaccount"), 404));

  WsSubscriber refused(port(), "?account=nosuchaccount");
  EXPECT_FALSE(refused.WaitOpen());
}

TEST_F(WebSocketTest, MalformedAccountUpgradeIsRefusedWith400) {
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=bad!id"), 400));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=" + std::string(65, 'a')), 400));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(port(), "?account=celtra,bad!id"), 400));

  WsSubscriber refused(port(), "?account=bad!id");
  EXPECT_FALSE(refused.WaitOpen());
}

TEST(SlowConsumerTest, SubscriberThatStopsReadingIsClosedWith4008AndOthersKeepUp) {
  EdgeStack stack(EdgeStackOptions{
      {"--ws_max_buffered_bytes=65536"}, {}, {"--subscriber_queue_bytes=1048576"}});
  ASSERT_TRUE(stack.Start());
  WsSubscriber slow(stack.edge_port(), "?account=celtra");
  WsSubscriber fast(stack.edge_port(), "?account=celtra");
  ASSERT_TRUE(slow.WaitOpen());
  ASSERT_TRUE(fast.WaitOpen());

  slow.PauseReading();
  Messages events = {PostOk(stack.edge_port(), "celtra", "first")};
  ASSERT_EQ(slow.WaitForMessages(1).size(), 1u);  // from here on `slow` reads nothing
  // Far more than the edge's and the core's limits plus what the kernel's socket buffers hold.
  const std::string data(60000, 'x');
  for (int i = 0; i < 400; ++i) events.push_back(PostOk(stack.edge_port(), "celtra", data));
  slow.ResumeReading();

  ASSERT_TRUE(slow.WaitClosed(std::chrono::seconds(20)));
  EXPECT_EQ(slow.close_code(), 4008) << slow.close_reason();
  EXPECT_LT(slow.Messages().size(), events.size());
  EXPECT_TRUE(SameMessages(fast.WaitForMessages(events.size(), std::chrono::seconds(20)), events));
}

}  // namespace
}  // namespace beacon::testing
