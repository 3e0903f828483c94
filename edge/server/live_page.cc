#include "edge/server/live_page.h"

#include <string>

#include "edge/server/live_page_html.h"

namespace beacon::edge {

// 'unsafe-inline' because the page is one self-contained file; it renders event data with
// textContent only, so no event can inject markup. img-src data: is for the empty favicon.
const char kLivePageContentSecurityPolicy[] =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

void ServeLivePage(HttpExchange& exchange) {
  exchange.Reply(200, "text/html; charset=utf-8", std::string(LivePageHtml()),
                 {{"Cache-Control", "no-cache"},
                  {"X-Content-Type-Options", "nosniff"},
                  {"Content-Security-Policy", kLivePageContentSecurityPolicy},
                  {"Referrer-Policy", "no-referrer"}});
}

}  // namespace beacon::edge
