#include "edge/live_page.h"

#include <string>

#include "edge/http_reply.h"
#include "edge/live_page_html.h"

namespace beacon::edge {

// 'unsafe-inline' because the page is one self-contained file; it renders event data with
// textContent only, so no event can inject markup. img-src data: is for the empty favicon.
const char kLivePageContentSecurityPolicy[] =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

void ServeLivePage(WebSocketConnection& connection) {
  connection.set_status(websocketpp::http::status_code::ok);
  connection.replace_header("Content-Type", "text/html; charset=utf-8");
  connection.replace_header("Cache-Control", "no-cache");
  connection.replace_header("X-Content-Type-Options", "nosniff");
  connection.replace_header("Content-Security-Policy", kLivePageContentSecurityPolicy);
  connection.replace_header("Referrer-Policy", "no-referrer");
  // websocketpp closes every plain HTTP connection after one response.
  connection.replace_header("Connection", "close");
  const std::string body(LivePageHtml());
  connection.set_body(body);
  RecordHttpReply(connection, 200, body.size(), /*body=*/"");
}

}  // namespace beacon::edge
