#include "edge/http_reply.h"

namespace beacon::edge {

void SetJsonReply(WebSocketConnection& connection, int http_status, const std::string& body) {
  connection.set_status(static_cast<websocketpp::http::status_code::value>(http_status));
  connection.replace_header("Content-Type", "application/json");
  // websocketpp closes every plain HTTP connection after one response.
  connection.replace_header("Connection", "close");
  connection.set_body(body);
}

void SendDeferredJsonReply(WebSocketConnection& connection, int http_status,
                           const std::string& body) {
  try {
    SetJsonReply(connection, http_status, body);
  } catch (const websocketpp::exception&) {
    return;  // the connection left the state in which it can answer
  }
  websocketpp::lib::error_code ignored;
  connection.send_http_response(ignored);
}

}  // namespace beacon::edge
