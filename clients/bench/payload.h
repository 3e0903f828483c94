#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace beacon::bench {

// What a bench event carries in its data: which run sent it, a per-run unique id and the send
// time, padded with 'x' to the requested size: "<run_tag>-<id>:<send_ns>:xxxx...".
struct PayloadStamp {
  uint64_t id = 0;
  int64_t send_ns = 0;
};

// A short random tag so a run ignores events that other clients track on the same core.
std::string NewRunTag();

// The data field for event `id` sent at `send_ns`, at least as long as the header and padded
// to `bytes` when that is larger.
std::string MakePayload(std::string_view run_tag, uint64_t id, int64_t send_ns, size_t bytes);

// The stamp in `data`, or nullopt when it was not sent by the run tagged `run_tag`.
std::optional<PayloadStamp> ParsePayload(std::string_view data, std::string_view run_tag);

}  // namespace beacon::bench
