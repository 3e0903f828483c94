#include "edge/server/websocket_keepalive.h"

namespace beacon::edge {
namespace {

constexpr char kPongTimeoutReason[] = "keepalive ping timeout";

}  // namespace

void WebSocketKeepAlive::Start(const WebSocketConnectionPtr& connection) {
  if (ping_interval_ <= absl::ZeroDuration()) return;
  connection->set_pong_timeout(absl::ToInt64Milliseconds(pong_timeout_));
  connection->set_pong_timeout_handler([](websocketpp::connection_hdl hdl, std::string) {
    const WebSocketConnectionPtr timed_out =
        std::static_pointer_cast<WebSocketConnection>(hdl.lock());
    if (!timed_out || timed_out->get_state() != websocketpp::session::state::open) return;
    websocketpp::lib::error_code ignored;
    timed_out->close(websocketpp::close::status::internal_endpoint_error, kPongTimeoutReason,
                     ignored);
  });
  ScheduleNextPing(connection);
}

void WebSocketKeepAlive::Stop(const websocketpp::connection_hdl& hdl) {
  const auto it = next_ping_.find(hdl);
  if (it == next_ping_.end()) return;
  if (it->second) it->second->cancel();
  next_ping_.erase(it);
}

void WebSocketKeepAlive::ScheduleNextPing(const WebSocketConnectionPtr& connection) {
  websocketpp::connection_hdl hdl = connection->get_handle();
  next_ping_[hdl] = connection->set_timer(absl::ToInt64Milliseconds(ping_interval_),
                                          [this, hdl](const websocketpp::lib::error_code& ec) {
                                            if (!ec) Ping(hdl);
                                          });
}

void WebSocketKeepAlive::Ping(const websocketpp::connection_hdl& hdl) {
  if (next_ping_.find(hdl) == next_ping_.end()) return;  // stopped meanwhile
  const WebSocketConnectionPtr connection =
      std::static_pointer_cast<WebSocketConnection>(hdl.lock());
  if (!connection || connection->get_state() != websocketpp::session::state::open) return;
  websocketpp::lib::error_code ignored;
  connection->ping("", ignored);
  ScheduleNextPing(connection);
}

}  // namespace beacon::edge
