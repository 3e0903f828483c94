#include "edge/http_reply.h"

#include <functional>

#include "edge/error_json.h"

namespace beacon::edge {

void SetJsonReply(WebSocketConnection& connection, int http_status, const std::string& body) {
  connection.set_status(static_cast<websocketpp::http::status_code::value>(http_status));
  connection.replace_header("Content-Type", "application/json");
  // websocketpp closes every plain HTTP connection after one response.
  connection.replace_header("Connection", "close");
  connection.set_body(body);
}

namespace {

void SendDeferred(WebSocketConnection& connection, const std::function<void()>& fill_in) {
  try {
    fill_in();
  } catch (const websocketpp::exception&) {
    return;  // the connection left the state in which it can answer
  }
  websocketpp::lib::error_code ignored;
  connection.send_http_response(ignored);
}

}  // namespace

void SendDeferredJsonReply(WebSocketConnection& connection, int http_status,
                           const std::string& body) {
  SendDeferred(connection, [&] { SetJsonReply(connection, http_status, body); });
}

void SetJsonErrorReply(WebSocketConnection& connection, const HttpError& error) {
  SetJsonReply(connection, error.http_status, ErrorJson(error.message));
  if (error.retry_after_seconds > 0) {
    connection.replace_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
}

void SendDeferredJsonErrorReply(WebSocketConnection& connection, const HttpError& error) {
  SendDeferred(connection, [&] { SetJsonErrorReply(connection, error); });
}

}  // namespace beacon::edge
