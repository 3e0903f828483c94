#include "edge/websocket_subscriptions.h"

#include "edge/error_json.h"
#include "edge/http_reply.h"
#include "edge/subscribe_query.h"

namespace beacon::edge {

bool WebSocketSubscriptions::Admit(const WebSocketConnectionPtr& connection,
                                   absl::string_view query) {
  absl::StatusOr<std::vector<std::string>> account_ids = ParseSubscribeAccounts(query);
  if (!account_ids.ok()) {
    SetJsonReply(*connection, 400, ErrorJson(account_ids.status().message()));
    return false;
  }

  in_flight_.Begin();
  const std::shared_ptr<SubscribeBridge> bridge = SubscribeBridge::Start(
      stub_, *account_ids,
      {io_, settings_.max_buffered_bytes, [&in_flight = in_flight_] { in_flight.End(); }});
  const absl::Status accepted = bridge->AwaitAcceptance(settings_.accept_timeout);
  if (!accepted.ok()) {
    const HttpError error = HttpErrorForSubscribeRefusal(accepted);
    SetJsonReply(*connection, error.http_status, ErrorJson(error.message));
    return false;
  }
  bridge->Attach(connection);
  bridges_[connection->get_handle()] = bridge;
  return true;
}

void WebSocketSubscriptions::OnOpen(const websocketpp::connection_hdl& hdl) {
  const auto it = bridges_.find(hdl);
  if (it != bridges_.end()) it->second->OnWebSocketOpen();
}

void WebSocketSubscriptions::OnEnded(const websocketpp::connection_hdl& hdl) {
  const auto it = bridges_.find(hdl);
  if (it == bridges_.end()) return;
  it->second->Cancel();
  bridges_.erase(it);
}

void WebSocketSubscriptions::CloseAll(const WebSocketClose& close) {
  for (const auto& [hdl, bridge] : bridges_) bridge->CloseAndCancel(close);
}

}  // namespace beacon::edge
