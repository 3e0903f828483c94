#include "edge/websocket_subscriptions.h"

#include <string>
#include <vector>

#include "edge/bearer_tokens.h"
#include "edge/error_json.h"
#include "edge/http_reply.h"
#include "edge/subscribe_query.h"

namespace beacon::edge {

bool WebSocketSubscriptions::Admit(const WebSocketConnectionPtr& connection,
                                   absl::string_view query) {
  absl::StatusOr<SubscribeQuery> subscribe_query = ParseSubscribeQuery(query);
  if (!subscribe_query.ok()) {
    SetJsonReply(*connection, 400, ErrorJson(subscribe_query.status().message()));
    return false;
  }
  beacon::v1::SubscribeRequest request;
  for (std::string& account_id : subscribe_query->account_ids) {
    request.add_account_ids(std::move(account_id));
  }
  if (subscribe_query->since.has_value()) request.set_since(*subscribe_query->since);
  const absl::StatusOr<std::vector<std::string>> tokens =
      BearerTokensOf(connection->get_request().get_header("Authorization"), query);
  if (!tokens.ok()) {
    SetJsonErrorReply(*connection, HttpErrorForSubscribeRefusal(tokens.status()));
    return false;
  }

  in_flight_.Begin();
  const std::shared_ptr<SubscribeBridge> bridge = SubscribeBridge::Start(
      core_, std::move(request), *tokens,
      {io_, inbox_, frames_, settings_.max_buffered_bytes, settings_.send_timeout, metrics_,
       [&in_flight = in_flight_] { in_flight.End(); }});
  const absl::Status accepted = bridge->AwaitAcceptance(settings_.accept_timeout);
  if (!accepted.ok()) {
    SetJsonErrorReply(*connection, HttpErrorForSubscribeRefusal(accepted));
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
