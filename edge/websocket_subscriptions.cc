#include "edge/websocket_subscriptions.h"

#include <string>
#include <vector>

#include "edge/bearer_tokens.h"
#include "edge/error_json.h"
#include "edge/http_reply.h"
#include "edge/subscribe_query.h"

namespace beacon::edge {

void WebSocketSubscriptions::Admit(absl::string_view query, absl::string_view authorization,
                                   std::function<void(Admission)> done) {
  absl::StatusOr<SubscribeQuery> subscribe_query = ParseSubscribeQuery(query);
  if (!subscribe_query.ok()) return done(subscribe_query.status());
  beacon::v1::SubscribeRequest request;
  for (std::string& account_id : subscribe_query->account_ids) {
    request.add_account_ids(std::move(account_id));
  }
  if (subscribe_query->since.has_value()) request.set_since(*subscribe_query->since);
  const absl::StatusOr<std::vector<std::string>> tokens = BearerTokensOf(authorization, query);
  if (!tokens.ok()) return done(tokens.status());

  in_flight_.Begin();
  auto bridge = std::make_shared<std::shared_ptr<SubscribeBridge>>();
  *bridge = SubscribeBridge::Start(
      core_, std::move(request), *tokens,
      {io_, inbox_, frames_, settings_.max_buffered_bytes, settings_.send_timeout,
       settings_.accept_timeout, metrics_, [&in_flight = in_flight_] { in_flight.End(); }},
      [bridge, done = std::move(done)](const absl::Status& accepted) {
        // Runs on the io thread, after Start() has returned.
        if (accepted.ok()) return done(std::move(*bridge));
        bridge->reset();
        done(accepted);
      });
}

void WebSocketSubscriptions::HandOver(const websocketpp::connection_hdl& hdl, Admission admission) {
  handed_over_.emplace(hdl, std::move(admission));
}

bool WebSocketSubscriptions::OnUpgrade(const WebSocketConnectionPtr& connection) {
  const auto it = handed_over_.find(connection->get_handle());
  if (it == handed_over_.end()) {
    SetJsonReply(*connection, 400, ErrorJson("Malformed WebSocket upgrade"));
    return false;
  }
  Admission admission = std::move(it->second);
  handed_over_.erase(it);
  if (!admission.ok()) {
    SetJsonErrorReply(*connection, HttpErrorForSubscribeRefusal(admission.status()));
    return false;
  }
  (*admission)->Attach(connection);
  bridges_[connection->get_handle()] = *std::move(admission);
  return true;
}

void WebSocketSubscriptions::OnOpen(const websocketpp::connection_hdl& hdl) {
  const auto it = bridges_.find(hdl);
  if (it != bridges_.end()) it->second->OnWebSocketOpen();
}

void WebSocketSubscriptions::OnEnded(const websocketpp::connection_hdl& hdl) {
  if (const auto pending = handed_over_.find(hdl); pending != handed_over_.end()) {
    if (pending->second.ok()) (*pending->second)->Cancel();
    handed_over_.erase(pending);
  }
  const auto it = bridges_.find(hdl);
  if (it == bridges_.end()) return;
  it->second->Cancel();
  bridges_.erase(it);
}

void WebSocketSubscriptions::CloseAll(const WebSocketClose& close) {
  for (const auto& [hdl, bridge] : bridges_) bridge->CloseAndCancel(close);
  for (auto& [hdl, admission] : handed_over_) {
    if (admission.ok()) (*admission)->Cancel();
    admission = absl::UnavailableError("server shutting down");
  }
}

}  // namespace beacon::edge
