#include "core/subscription_queue.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace beacon::core {
namespace {

using Kind = SubscriptionQueue::ActionKind;
using Push = SubscriptionQueue::PushResult;

EventPtr MakeEvent(uint64_t seq, size_t data_bytes = 1) {
  beacon::v1::Event event;
  event.set_seq(seq);
  event.set_account_id("celtra");
  event.set_data(std::string(data_bytes, 'x'));
  return std::make_shared<const storage::StoredEvent>(std::move(event));
}

QueueLimits SmallLimits() {
  QueueLimits limits;
  limits.max_events = 4;
  limits.max_bytes = 100;
  limits.max_batch_events = 2;
  limits.max_batch_bytes = 50;
  return limits;
}

TEST(SubscriptionQueueTest, ConsumerStartsActiveAndGoesIdleWhenEmpty) {
  SubscriptionQueue queue({}, SmallLimits());
  EXPECT_EQ(queue.Push(MakeEvent(1)), Push::kQueued);  // consumer holds the token
  auto action = queue.Next();
  ASSERT_EQ(action.kind, Kind::kWrite);
  ASSERT_EQ(action.batch.size(), 1u);
  EXPECT_EQ(action.batch[0]->seq(), 1u);
  EXPECT_EQ(queue.Next().kind, Kind::kIdle);
}

TEST(SubscriptionQueueTest, PushToIdleConsumerHandsOverTheTokenOnce) {
  SubscriptionQueue queue({}, SmallLimits());
  ASSERT_EQ(queue.Next().kind, Kind::kIdle);
  EXPECT_EQ(queue.Push(MakeEvent(1)), Push::kWakeConsumer);
  EXPECT_EQ(queue.Push(MakeEvent(2)), Push::kQueued);
  const auto action = queue.Next();
  ASSERT_EQ(action.kind, Kind::kWrite);
  ASSERT_EQ(action.batch.size(), 2u);
  EXPECT_EQ(action.batch[0]->seq(), 1u);
  EXPECT_EQ(action.batch[1]->seq(), 2u);
}

TEST(SubscriptionQueueTest, BatchesAreBoundedByCountAndBytesButNeverEmpty) {
  SubscriptionQueue queue({}, SmallLimits());
  queue.Push(MakeEvent(1));
  queue.Push(MakeEvent(2));
  queue.Push(MakeEvent(3));
  auto first = queue.Next();
  EXPECT_EQ(first.batch.size(), 2u);  // max_batch_events
  auto second = queue.Next();
  ASSERT_EQ(second.batch.size(), 1u);
  EXPECT_EQ(second.batch[0]->seq(), 3u);

  queue.Push(MakeEvent(4, 40));
  queue.Push(MakeEvent(5, 40));
  EXPECT_EQ(queue.Next().batch.size(), 1u);  // 80 bytes > max_batch_bytes
  EXPECT_EQ(queue.Next().batch.size(), 1u);

  queue.Push(MakeEvent(6, 60));  // a single event larger than a batch still goes out
  EXPECT_EQ(queue.Next().batch.size(), 1u);
}

TEST(SubscriptionQueueTest, OverflowByCountEndsWithResourceExhausted) {
  SubscriptionQueue queue({}, SmallLimits());
  for (uint64_t seq = 1; seq <= 4; ++seq) EXPECT_EQ(queue.Push(MakeEvent(seq)), Push::kQueued);
  EXPECT_EQ(queue.Push(MakeEvent(5)), Push::kDropped);
  EXPECT_EQ(queue.Push(MakeEvent(6)), Push::kDropped);
  const auto action = queue.Next();
  ASSERT_EQ(action.kind, Kind::kFinish);
  EXPECT_TRUE(absl::IsResourceExhausted(action.status)) << action.status;
}

TEST(SubscriptionQueueTest, OverflowByBytesEndsWithResourceExhausted) {
  SubscriptionQueue queue({}, SmallLimits());
  EXPECT_EQ(queue.Push(MakeEvent(1, 60)), Push::kQueued);
  EXPECT_EQ(queue.Push(MakeEvent(2, 60)), Push::kDropped);
  EXPECT_TRUE(absl::IsResourceExhausted(queue.Next().status));
}

TEST(SubscriptionQueueTest, OverflowWhileIdleWakesTheConsumerToFinish) {
  QueueLimits limits = SmallLimits();
  limits.max_bytes = 10;
  SubscriptionQueue queue({}, limits);
  ASSERT_EQ(queue.Next().kind, Kind::kIdle);
  EXPECT_EQ(queue.Push(MakeEvent(1, 20)), Push::kWakeConsumer);
  EXPECT_EQ(queue.Next().kind, Kind::kFinish);
}

TEST(SubscriptionQueueTest, CloseWakesAnIdleConsumerOnlyOnce) {
  SubscriptionQueue queue({}, SmallLimits());
  ASSERT_EQ(queue.Next().kind, Kind::kIdle);
  EXPECT_TRUE(queue.Close(absl::UnavailableError("shutting down")));
  EXPECT_FALSE(queue.Close(absl::CancelledError("again")));
  const auto action = queue.Next();
  ASSERT_EQ(action.kind, Kind::kFinish);
  EXPECT_TRUE(absl::IsUnavailable(action.status));
  EXPECT_EQ(queue.Push(MakeEvent(1)), Push::kDropped);
}

TEST(SubscriptionQueueTest, CloseWhileConsumerBusyLeavesTheTokenWithIt) {
  SubscriptionQueue queue({}, SmallLimits());
  queue.Push(MakeEvent(1));
  EXPECT_FALSE(queue.Close(absl::UnavailableError("shutting down")));
  const auto action = queue.Next();  // queued events are dropped: the close wins
  EXPECT_EQ(action.kind, Kind::kFinish);
}

TEST(SubscriptionQueueTest, FinishedQueueNeverHandsOutTheToken) {
  SubscriptionQueue queue({}, SmallLimits());
  queue.Close(absl::CancelledError("gone"));
  ASSERT_EQ(queue.Next().kind, Kind::kFinish);
  EXPECT_EQ(queue.Push(MakeEvent(1)), Push::kDropped);
  EXPECT_FALSE(queue.Close(absl::UnavailableError("later")));
}

}  // namespace
}  // namespace beacon::core
