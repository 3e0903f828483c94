// MakeTextFrame against RFC 6455 section 5.2: the three length encodings at their boundaries.
#include "edge/api/websocket_frame.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

// The payload length a frame's header announces, and the header's size; fails the test on a
// header that is not a final, unmasked text frame.
struct Header {
  uint64_t payload_length = 0;
  size_t size = 0;
};

Header ReadHeader(const std::string& frame) {
  Header header;
  EXPECT_GE(frame.size(), 2u);
  EXPECT_EQ(static_cast<uint8_t>(frame[0]), 0x81) << "FIN + text opcode";
  const uint8_t second = static_cast<uint8_t>(frame[1]);
  EXPECT_EQ(second & 0x80, 0) << "a server's frames are not masked";
  const uint8_t length7 = second & 0x7f;
  size_t extended = 0;
  if (length7 < 126) {
    header.payload_length = length7;
  } else {
    extended = length7 == 126 ? 2 : 8;
    EXPECT_GE(frame.size(), 2 + extended);
    for (size_t i = 0; i < extended; ++i) {
      header.payload_length = (header.payload_length << 8) | static_cast<uint8_t>(frame[2 + i]);
    }
  }
  header.size = 2 + extended;
  return header;
}

class TextFrameLengthTest : public ::testing::TestWithParam<size_t> {};

TEST_P(TextFrameLengthTest, HeaderAnnouncesThePayloadInTheShortestEncodingAndThePayloadFollows) {
  const size_t length = GetParam();
  std::string payload(length, 'x');
  if (length > 0) payload.back() = 'z';  // the payload's end lands at the frame's end
  const WebSocketFrame frame = MakeTextFrame(payload);
  const Header header = ReadHeader(*frame);
  EXPECT_EQ(header.payload_length, length);
  // RFC 6455: the minimal number of bytes MUST be used to encode the length.
  EXPECT_EQ(header.size, length < 126 ? 2u : length <= 0xffff ? 4u : 10u);
  ASSERT_EQ(frame->size(), header.size + length);
  EXPECT_EQ(frame->substr(header.size), payload);
}

INSTANTIATE_TEST_SUITE_P(Boundaries, TextFrameLengthTest,
                         ::testing::Values(0, 1, 125, 126, 127, 65535, 65536, 1 << 20));

TEST(TextFrameTest, LengthBytesAreBigEndian) {
  EXPECT_EQ(MakeTextFrame(std::string(126, 'a'))->substr(0, 4), std::string("\x81\x7e\x00\x7e", 4));
  EXPECT_EQ(MakeTextFrame(std::string(65535, 'a'))->substr(0, 4),
            std::string("\x81\x7e\xff\xff", 4));
  EXPECT_EQ(MakeTextFrame(std::string(65536, 'a'))->substr(0, 10),
            std::string("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
}

}  // namespace
}  // namespace beacon::edge
