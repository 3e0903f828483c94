#pragma once

#include <string>

#include "beacon/v1/tracking.pb.h"

namespace beacon::edge {

// The 200 body of GET /events:
// {"events":[<event JSON>,...],"next_page_token":"..."} followed by ,"truncated_before":N only
// when the core reports a non-zero truncated_before. Keys in exactly this order.
std::string ListEventsResponseToJson(const beacon::v1::ListEventsResponse& response);

}  // namespace beacon::edge
