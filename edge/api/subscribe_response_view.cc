#include "edge/api/subscribe_response_view.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include "absl/strings/str_cat.h"

namespace beacon::edge {
namespace {

using google::protobuf::internal::WireFormatLite;

absl::Status Malformed(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("malformed ", what, " from the core"));
}

google::protobuf::io::CodedInputStream InputOver(absl::string_view bytes) {
  return google::protobuf::io::CodedInputStream(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                static_cast<int>(bytes.size()));
}

}  // namespace

absl::StatusOr<SubscribeResponseView> SplitSubscribeResponse(absl::string_view bytes) {
  SubscribeResponseView view;
  auto input = InputOver(bytes);
  while (const uint32_t tag = input.ReadTag()) {
    const int field = WireFormatLite::GetTagFieldNumber(tag);
    const auto type = WireFormatLite::GetTagWireType(tag);
    if (field == 1 && type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!input.ReadVarint32(&length)) return Malformed("SubscribeResponse");
      const int at = input.CurrentPosition();
      if (length > bytes.size() - static_cast<size_t>(at) ||
          !input.Skip(static_cast<int>(length))) {
        return Malformed("SubscribeResponse");
      }
      view.events.push_back(bytes.substr(static_cast<size_t>(at), length));
    } else if (field == 2 && type == WireFormatLite::WIRETYPE_VARINT) {
      if (!input.ReadVarint64(&view.truncated_before)) return Malformed("SubscribeResponse");
    } else if (!WireFormatLite::SkipField(&input, tag)) {
      return Malformed("SubscribeResponse");
    }
  }
  if (!input.ConsumedEntireMessage()) return Malformed("SubscribeResponse");
  return view;
}

absl::StatusOr<uint64_t> SeqOfEncodedEvent(absl::string_view encoded) {
  auto input = InputOver(encoded);
  uint64_t seq = 0;
  while (const uint32_t tag = input.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) == 1 &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_VARINT) {
      if (!input.ReadVarint64(&seq)) return Malformed("event");  // the last one wins
    } else if (!WireFormatLite::SkipField(&input, tag)) {
      return Malformed("event");
    }
  }
  if (!input.ConsumedEntireMessage()) return Malformed("event");
  return seq;
}

}  // namespace beacon::edge
