#ifndef BEACON_EDGE_EVENT_JSON_H_
#define BEACON_EDGE_EVENT_JSON_H_

#include <string>

#include "beacon/v1/tracking.pb.h"

namespace beacon::edge {

// The public JSON form of an event, as returned by POST /tracking and sent in WebSocket frames:
// {"account_id":"celtra","timestamp":1538056370,"data":"...","seq":42} (keys in exactly this
// order).
std::string EventToJson(const beacon::v1::Event& event);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_EVENT_JSON_H_
