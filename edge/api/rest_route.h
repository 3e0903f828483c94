#pragma once

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
  kLivePage,          // GET /: the browser page that watches events (edge/server/live_page.html)
  kHealth,            // GET /healthz
  kUpgradeRequired,   // /subscribe without a WebSocket upgrade: 426
  kTrack,             // POST /tracking/{account_id}
  kListEvents,        // GET /events?...
  kMethodNotAllowed,  // a known path with the wrong method: 405, Allow: allowed_method
  kNotFound,          // anything else: 404
};

// The `route` label of beacon_edge_http_requests_total: by path, not method (a 405 on /events is
// still `events`).
enum class HttpRoute { kTrack, kEvents, kHealthz, kLivePage, kSubscribe, kOther };

// What RouteRestRequest decided. The views point into the `resource` it was given.
struct RestRoute {
  RestEndpoint endpoint;
  HttpRoute label;
  absl::string_view account_id;      // kTrack: the path after /tracking/, still percent-encoded
  absl::string_view query;           // kListEvents: the query string without the '?'
  absl::string_view allowed_method;  // kMethodNotAllowed: the one method the path takes
};

// Pure routing over the edge's one route table (/, /healthz, /subscribe, /tracking/..., /events):
// no connection, no side effects. The edge's capacity and shutdown checks come before it, the
// endpoint's own checks (body, account id, query) after it.
RestRoute RouteRestRequest(absl::string_view method, absl::string_view resource);

// The label of a path, from the same table: "/tracking/..." track, "/events" events, "/healthz"
// healthz, "/" live_page, "/subscribe" subscribe, anything else other.
HttpRoute HttpRouteOfPath(absl::string_view path);
absl::string_view HttpRouteName(HttpRoute route);

}  // namespace beacon::edge
