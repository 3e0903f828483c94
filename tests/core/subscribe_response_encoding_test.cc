// A SubscribeResponse assembled from stored encodings is exactly what protobuf would write.
#include "core/subscribe_response_encoding.h"

#include <memory>
#include <string>
#include <vector>

#include "beacon/v1/tracking.pb.h"
#include "core/grpc/subscribe_response_buffer.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/slice.h"
#include "gtest/gtest.h"

namespace beacon::core {
namespace {

EventPtr Make(uint64_t seq, size_t data_bytes, const std::string& account = "celtra") {
  beacon::v1::Event event;
  event.set_seq(seq);
  event.set_account_id(account);
  event.set_timestamp(1700000000 + static_cast<int64_t>(seq));
  event.set_data(std::string(data_bytes, static_cast<char>('a' + seq % 26)));
  return std::make_shared<const storage::StoredEvent>(std::move(event));
}

std::string Expected(const std::vector<EventPtr>& events, uint64_t truncated_before) {
  beacon::v1::SubscribeResponse response;
  for (const EventPtr& event : events) *response.add_events() = event->event();
  response.set_truncated_before(truncated_before);
  return response.SerializeAsString();
}

std::string Assembled(const std::vector<EventPtr>& events, uint64_t truncated_before) {
  std::string bytes;
  ForEachSubscribeResponsePiece(
      events, truncated_before,
      [&](absl::string_view piece, const EventPtr*) { bytes.append(piece.data(), piece.size()); });
  return bytes;
}

std::string Flatten(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

TEST(SubscribeResponseEncodingTest, PiecesAreProtobufsOwnEncoding) {
  // Lengths around the varint boundaries (127/128 bytes of event, 16383/16384) and a large seq.
  const std::vector<std::vector<EventPtr>> batches = {
      {},
      {Make(1, 1)},
      {Make(1, 100), Make(2, 101), Make(3, 102)},
      {Make(1ull << 40, 16360), Make((1ull << 40) + 1, 16400)},
      {Make(7, 70000)},
  };
  for (const auto& batch : batches) {
    for (const uint64_t truncated_before : {0ull, 1ull, 300ull, ~0ull}) {
      EXPECT_EQ(Assembled(batch, truncated_before), Expected(batch, truncated_before));
      EXPECT_EQ(SubscribeResponseSize(batch, truncated_before),
                Expected(batch, truncated_before).size());
      EXPECT_EQ(Flatten(SubscribeResponseBuffer(batch, truncated_before)),
                Expected(batch, truncated_before));
    }
  }
}

TEST(SubscribeResponseEncodingTest, EachEventIsItsStoredEncodingNotACopyOfAnother) {
  const std::vector<EventPtr> batch = {Make(1, 10), Make(2, 10, "other")};
  std::vector<const EventPtr*> owners;
  ForEachSubscribeResponsePiece(batch, 0, [&](absl::string_view piece, const EventPtr* event) {
    if (event == nullptr) return;
    owners.push_back(event);
    EXPECT_EQ(piece.data(), (*event)->encoded().data());  // the stored bytes themselves
  });
  ASSERT_EQ(owners.size(), 2u);
  EXPECT_EQ(owners[0], &batch[0]);
  EXPECT_EQ(owners[1], &batch[1]);
}

TEST(SubscribeResponseEncodingTest, LargeEventsAreReferencedAndKeptAliveByTheBuffer) {
  EventPtr large = Make(5, kReferenceAtLeast * 2);
  const std::string expected = Expected({Make(4, 10), large, Make(6, 10)}, 3);
  grpc::ByteBuffer buffer = SubscribeResponseBuffer({Make(4, 10), large, Make(6, 10)}, 3);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(buffer.Dump(&slices).ok());
  bool referenced = false;
  for (const grpc::Slice& slice : slices) {
    referenced =
        referenced || reinterpret_cast<const char*>(slice.begin()) == large->encoded().data();
  }
  EXPECT_TRUE(referenced);
  slices.clear();
  const std::weak_ptr<const storage::StoredEvent> watched = large;
  large.reset();
  EXPECT_FALSE(watched.expired());  // the buffer holds it
  EXPECT_EQ(Flatten(buffer), expected);
  buffer.Clear();
  EXPECT_TRUE(watched.expired());
}

}  // namespace
}  // namespace beacon::core
