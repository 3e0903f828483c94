#include "edge/websocket_subscriptions.h"

#include <string>
#include <vector>

#include "edge/api/bearer_tokens.h"
#include "edge/api/error_json.h"
#include "edge/api/subscribe_query.h"
#include "edge/server/http_reply.h"

namespace beacon::edge {

void WebSocketSubscriptions::Admit(absl::string_view query, absl::string_view authorization,
                                   std::function<void(Admission)> done) {
  io_thread_.Check();
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
  auto subscriber = std::make_shared<std::shared_ptr<WebSocketSubscriber>>();
  *subscriber = WebSocketSubscriber::Start(
      core_, std::move(request), *tokens,
      {io_, inbox_, frames_, settings_.max_buffered_bytes, settings_.send_timeout,
       settings_.accept_timeout, metrics_, [&in_flight = in_flight_] { in_flight.End(); }},
      [subscriber, done = std::move(done)](const absl::Status& accepted) {
        // Runs on the io thread, after Start() has returned.
        if (accepted.ok()) return done(std::move(*subscriber));
        subscriber->reset();
        done(accepted);
      });
}

void WebSocketSubscriptions::HandOver(const websocketpp::connection_hdl& hdl, Admission admission) {
  io_thread_.Check();
  handed_over_.emplace(hdl, std::move(admission));
}

bool WebSocketSubscriptions::OnUpgrade(const WebSocketConnectionPtr& connection) {
  io_thread_.Check();
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
  subscribers_[connection->get_handle()] = *std::move(admission);
  return true;
}

void WebSocketSubscriptions::OnOpen(const websocketpp::connection_hdl& hdl) {
  io_thread_.Check();
  const auto it = subscribers_.find(hdl);
  if (it != subscribers_.end()) it->second->OnWebSocketOpen();
}

void WebSocketSubscriptions::OnEnded(const websocketpp::connection_hdl& hdl) {
  io_thread_.Check();
  if (const auto pending = handed_over_.find(hdl); pending != handed_over_.end()) {
    if (pending->second.ok()) (*pending->second)->Cancel();
    handed_over_.erase(pending);
  }
  const auto it = subscribers_.find(hdl);
  if (it == subscribers_.end()) return;
  it->second->Cancel();
  subscribers_.erase(it);
}

void WebSocketSubscriptions::CloseAll(const WebSocketClose& close) {
  io_thread_.Check();
  for (const auto& [hdl, subscriber] : subscribers_) subscriber->CloseAndCancel(close);
  for (auto& [hdl, admission] : handed_over_) {
    if (admission.ok()) (*admission)->Cancel();
    admission = absl::UnavailableError("server shutting down");
  }
}

}  // namespace beacon::edge
