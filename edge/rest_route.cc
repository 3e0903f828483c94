#include "edge/rest_route.h"

#include "absl/strings/strip.h"

namespace beacon::edge {

RequestTarget SplitTarget(absl::string_view resource) {
  const size_t question_mark = resource.find('?');
  if (question_mark == absl::string_view::npos) return {resource, {}};
  return {resource.substr(0, question_mark), resource.substr(question_mark + 1)};
}

RestRoute RouteRestRequest(absl::string_view method, absl::string_view resource) {
  const RequestTarget target = SplitTarget(resource);
  absl::string_view path = target.path;
  RestRoute route{RestEndpoint::kNotFound, {}, {}, {}};
  const auto only = [&](absl::string_view allowed, RestEndpoint endpoint) {
    if (method == allowed) {
      route.endpoint = endpoint;
    } else {
      route.endpoint = RestEndpoint::kMethodNotAllowed;
      route.allowed_method = allowed;
    }
    return route;
  };
  if (path == "/") return only("GET", RestEndpoint::kLivePage);
  if (path == "/healthz") return only("GET", RestEndpoint::kHealth);
  if (path == "/subscribe") {
    route.endpoint = RestEndpoint::kUpgradeRequired;
    return route;
  }
  if (absl::ConsumePrefix(&path, "/tracking/")) {
    route.account_id = path;
    return only("POST", RestEndpoint::kTrack);
  }
  if (path == "/events") {
    route.query = target.query;
    return only("GET", RestEndpoint::kListEvents);
  }
  return route;
}

}  // namespace beacon::edge
