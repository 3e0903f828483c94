#include "edge/api/rest_route.h"

#include "absl/strings/match.h"

namespace beacon::edge {
namespace {

struct Route {
  absl::string_view path;
  bool prefix;               // `path` starts the request's path (the rest is a parameter)
  absl::string_view method;  // the one method it takes; empty: any (answered the same)
  RestEndpoint endpoint;
  HttpRoute label;
};

constexpr Route kRoutes[] = {
    {"/", false, "GET", RestEndpoint::kLivePage, HttpRoute::kLivePage},
    {"/healthz", false, "GET", RestEndpoint::kHealth, HttpRoute::kHealthz},
    // A WebSocket upgrade of /subscribe never gets here (websocketpp serves it).
    {"/subscribe", false, "", RestEndpoint::kUpgradeRequired, HttpRoute::kSubscribe},
    {"/tracking/", true, "POST", RestEndpoint::kTrack, HttpRoute::kTrack},
    {"/events", false, "GET", RestEndpoint::kListEvents, HttpRoute::kEvents},
};

const Route* FindRoute(absl::string_view path) {
  for (const Route& route : kRoutes) {
    if (route.prefix ? absl::StartsWith(path, route.path) : path == route.path) return &route;
  }
  return nullptr;
}

}  // namespace

RequestTarget SplitTarget(absl::string_view resource) {
  const size_t question_mark = resource.find('?');
  if (question_mark == absl::string_view::npos) return {resource, {}};
  return {resource.substr(0, question_mark), resource.substr(question_mark + 1)};
}

RestRoute RouteRestRequest(absl::string_view method, absl::string_view resource) {
  const RequestTarget target = SplitTarget(resource);
  const Route* const route = FindRoute(target.path);
  if (route == nullptr) return {RestEndpoint::kNotFound, HttpRoute::kOther, {}, {}, {}};
  RestRoute result{route->endpoint, route->label, {}, {}, {}};
  if (!route->method.empty() && method != route->method) {
    result.endpoint = RestEndpoint::kMethodNotAllowed;
    result.allowed_method = route->method;
    return result;
  }
  if (route->endpoint == RestEndpoint::kTrack) {
    result.account_id = target.path.substr(route->path.size());
  }
  if (route->endpoint == RestEndpoint::kListEvents) result.query = target.query;
  return result;
}

HttpRoute HttpRouteOfPath(absl::string_view path) {
  const Route* const route = FindRoute(path);
  return route == nullptr ? HttpRoute::kOther : route->label;
}

absl::string_view HttpRouteName(HttpRoute route) {
  switch (route) {
    case HttpRoute::kTrack:
      return "track";
    case HttpRoute::kEvents:
      return "events";
    case HttpRoute::kHealthz:
      return "healthz";
    case HttpRoute::kLivePage:
      return "live_page";
    case HttpRoute::kSubscribe:
      return "subscribe";
    case HttpRoute::kOther:
      return "other";
  }
  return "other";
}

}  // namespace beacon::edge
