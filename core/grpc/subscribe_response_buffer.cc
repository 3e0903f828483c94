#include "core/grpc/subscribe_response_buffer.h"

#include <cstring>
#include <string>

#include "core/subscribe_response_encoding.h"
#include "grpc/slice.h"
#include "grpcpp/support/slice.h"

namespace beacon::core {
namespace {

// A slice of `bytes`, copied.
grpc::Slice CopiedSlice(absl::string_view bytes) {
  grpc_slice slice = grpc_slice_malloc(bytes.size());
  std::memcpy(GRPC_SLICE_START_PTR(slice), bytes.data(), bytes.size());
  return grpc::Slice(slice, grpc::Slice::STEAL_REF);
}

// A slice over `event`'s encoding that keeps the event alive until gRPC releases it.
grpc::Slice ReferencedSlice(const EventPtr& event) {
  auto* holder = new EventPtr(event);
  return grpc::Slice(
      const_cast<char*>((*holder)->encoded().data()), (*holder)->encoded().size(),
      [](void* held) { delete static_cast<EventPtr*>(held); }, holder);
}

}  // namespace

grpc::ByteBuffer SubscribeResponseBuffer(const std::vector<EventPtr>& events,
                                         uint64_t truncated_before) {
  bool any_referenced = false;
  for (const EventPtr& event : events) {
    any_referenced = any_referenced || event->encoded().size() >= kReferenceAtLeast;
  }
  if (!any_referenced) {
    // The usual case: one slice holding the whole message.
    grpc_slice slice = grpc_slice_malloc(SubscribeResponseSize(events, truncated_before));
    char* out = reinterpret_cast<char*>(GRPC_SLICE_START_PTR(slice));
    ForEachSubscribeResponsePiece(events, truncated_before,
                                  [&](absl::string_view bytes, const EventPtr*) {
                                    std::memcpy(out, bytes.data(), bytes.size());
                                    out += bytes.size();
                                  });
    grpc::Slice whole(slice, grpc::Slice::STEAL_REF);
    return grpc::ByteBuffer(&whole, 1);
  }
  std::vector<grpc::Slice> slices;
  std::string copied;  // the current run of framing and small events
  ForEachSubscribeResponsePiece(events, truncated_before,
                                [&](absl::string_view bytes, const EventPtr* event) {
                                  if (event != nullptr && bytes.size() >= kReferenceAtLeast) {
                                    if (!copied.empty()) slices.push_back(CopiedSlice(copied));
                                    copied.clear();
                                    slices.push_back(ReferencedSlice(*event));
                                  } else {
                                    copied.append(bytes.data(), bytes.size());
                                  }
                                });
  if (!copied.empty()) slices.push_back(CopiedSlice(copied));
  return grpc::ByteBuffer(slices.data(), slices.size());
}

}  // namespace beacon::core
