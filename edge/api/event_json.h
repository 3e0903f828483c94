#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "beacon/v1/tracking.pb.h"

namespace beacon::edge {

// The public JSON form of an event, as returned by POST /tracking, listed by GET /events and sent
// in WebSocket frames:
// {"account_id":"celtra","timestamp":1538056370,"data":"...","seq":42} (keys in exactly this
// order).
nlohmann::ordered_json EventJsonObject(const beacon::v1::Event& event);
std::string EventToJson(const beacon::v1::Event& event);

// The WebSocket frame that tells a subscriber that retention deleted the events it should have
// received with seq below `truncated_before`: {"truncated_before":N}.
std::string TruncatedBeforeJson(uint64_t truncated_before);

}  // namespace beacon::edge
