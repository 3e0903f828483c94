#ifndef BEACON_EDGE_REST_ROUTE_H_
#define BEACON_EDGE_REST_ROUTE_H_

#include "absl/strings/string_view.h"

namespace beacon::edge {

// A request target split at its first '?': the path, and the query without the '?' (empty when
// there is none).
struct RequestTarget {
  absl::string_view path;
  absl::string_view query;
};

RequestTarget SplitTarget(absl::string_view resource);

// Which endpoint a plain (non-upgrade) HTTP request goes to, from its method and request target.
enum class RestEndpoint {
  kLivePage,          // GET /: the browser page that watches events (edge/live_page.html)
  kHealth,            // GET /healthz
  kUpgradeRequired,   // /subscribe without a WebSocket upgrade: 426
  kTrack,             // POST /tracking/{account_id}
  kListEvents,        // GET /events?...
  kMethodNotAllowed,  // a known path with the wrong method: 405, Allow: allowed_method
  kNotFound,          // anything else: 404
};

// What RouteRestRequest decided. The views point into the `resource` it was given.
struct RestRoute {
  RestEndpoint endpoint;
  absl::string_view account_id;      // kTrack: the path after /tracking/, still percent-encoded
  absl::string_view query;           // kListEvents: the query string without the '?'
  absl::string_view allowed_method;  // kMethodNotAllowed: the one method the path takes
};

// Pure routing: no connection, no side effects. The edge's capacity and shutdown checks come
// before it, the endpoint's own checks (body, account id, query) after it.
RestRoute RouteRestRequest(absl::string_view method, absl::string_view resource);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_REST_ROUTE_H_
