#pragma once

#include <cstdint>
#include <vector>

#include "core/event.h"
#include "grpcpp/support/byte_buffer.h"

namespace beacon::core {

// A SubscribeResponse of `events` (and `truncated_before`) as the ByteBuffer a raw gRPC write
// sends (SubscribeResponseEncoding): one allocation and a copy of the events' stored encodings,
// nothing re-encoded. Events of kReferenceAtLeast bytes or more are not copied but referenced: the
// buffer holds a reference to such an event until gRPC has written it.
grpc::ByteBuffer SubscribeResponseBuffer(const std::vector<EventPtr>& events,
                                         uint64_t truncated_before);

inline constexpr size_t kReferenceAtLeast = 4096;

}  // namespace beacon::core
