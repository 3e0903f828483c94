// The pieces between a raw Subscribe response and a WebSocket frame: splitting a response into
// its events' encodings, and the per-thread frame cache.
#include <string>
#include <vector>

#include "beacon/v1/tracking.pb.h"
#include "edge/api/event_frame_cache.h"
#include "edge/api/event_json.h"
#include "edge/api/subscribe_response_view.h"
#include "edge/api/websocket_frame.h"
#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

beacon::v1::Event Make(uint64_t seq, const std::string& data, const std::string& account = "a") {
  beacon::v1::Event event;
  event.set_seq(seq);
  event.set_account_id(account);
  event.set_timestamp(1700000000);
  event.set_data(data);
  return event;
}

TEST(SubscribeResponseViewTest, SplitsIntoTheEventsEncodingsAndTruncatedBefore) {
  beacon::v1::SubscribeResponse response;
  *response.add_events() = Make(1, "x");
  *response.add_events() = Make(300, std::string(200, 'y'));
  response.set_truncated_before(42);
  const std::string bytes = response.SerializeAsString();
  const absl::StatusOr<SubscribeResponseView> view = SplitSubscribeResponse(bytes);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->truncated_before, 42u);
  ASSERT_EQ(view->events.size(), 2u);
  EXPECT_EQ(view->events[0], Make(1, "x").SerializeAsString());
  EXPECT_EQ(view->events[1], Make(300, std::string(200, 'y')).SerializeAsString());
  EXPECT_EQ(SeqOfEncodedEvent(view->events[1]).value(), 300u);
}

TEST(SubscribeResponseViewTest, EmptyResponseAndMalformedBytes) {
  const absl::StatusOr<SubscribeResponseView> empty = SplitSubscribeResponse("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->events.empty());
  EXPECT_EQ(empty->truncated_before, 0u);
  const std::string bytes = [] {
    beacon::v1::SubscribeResponse response;
    *response.add_events() = Make(1, "data");
    return response.SerializeAsString();
  }();
  // Every truncation of a well-formed response is refused, none read past the end.
  for (size_t length = 1; length < bytes.size(); ++length) {
    EXPECT_FALSE(SplitSubscribeResponse(absl::string_view(bytes.data(), length)).ok()) << length;
  }
  EXPECT_FALSE(SeqOfEncodedEvent("\x08").ok());
}

TEST(EventFrameCacheTest, OneFramePerEventSharedByEveryCaller) {
  EventFrameCache cache(100, 1 << 20);
  const std::string encoded = Make(7, "payload").SerializeAsString();
  const absl::StatusOr<WebSocketFrame> first = cache.FrameFor(encoded);
  const absl::StatusOr<WebSocketFrame> second = cache.FrameFor(encoded);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ(**first, *MakeTextFrame(EventToJson(Make(7, "payload"))));
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
}

TEST(EventFrameCacheTest, SameSeqWithOtherContentNeverGetsTheCachedFrame) {
  EventFrameCache cache(100, 1 << 20);
  const absl::StatusOr<WebSocketFrame> old_core =
      cache.FrameFor(Make(1, "old").SerializeAsString());
  const absl::StatusOr<WebSocketFrame> new_core =
      cache.FrameFor(Make(1, "new", "b").SerializeAsString());
  ASSERT_TRUE(old_core.ok() && new_core.ok());
  EXPECT_EQ(**new_core, *MakeTextFrame(EventToJson(Make(1, "new", "b"))));
  EXPECT_NE(**old_core, **new_core);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(EventFrameCacheTest, StaysWithinItsBounds) {
  EventFrameCache by_count(10, 1 << 30);
  EventFrameCache by_bytes(1 << 20, 10000);
  for (uint64_t seq = 1; seq <= 1000; ++seq) {
    const std::string encoded = Make(seq, std::string(100, 'z')).SerializeAsString();
    ASSERT_TRUE(by_count.FrameFor(encoded).ok());
    ASSERT_TRUE(by_bytes.FrameFor(encoded).ok());
    EXPECT_LE(by_count.size(), 10u);
    EXPECT_LE(by_bytes.bytes(), 10000u);
  }
  // The newest are kept: asking again is a hit.
  const uint64_t hits = by_count.hits();
  ASSERT_TRUE(by_count.FrameFor(Make(1000, std::string(100, 'z')).SerializeAsString()).ok());
  EXPECT_EQ(by_count.hits(), hits + 1);
}

TEST(EventFrameCacheTest, MalformedEventIsAnError) {
  EventFrameCache cache(10, 1 << 20);
  EXPECT_FALSE(cache.FrameFor("\x0a\x05").ok());
  beacon::v1::Event invalid_utf8 = Make(3, "\xff\xfe");
  EXPECT_FALSE(cache.FrameFor(invalid_utf8.SerializeAsString()).ok());
}

}  // namespace
}  // namespace beacon::edge
