// The edge's one route table: which endpoint a request goes to, and its metrics label.
#include "edge/api/rest_route.h"

#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

TEST(RestRouteTest, SlashIsTheLivePageForGetOnlyWhateverTheQuery) {
  EXPECT_EQ(RouteRestRequest("GET", "/").endpoint, RestEndpoint::kLivePage);
  EXPECT_EQ(RouteRestRequest("GET", "/?account=celtra").endpoint, RestEndpoint::kLivePage);
  for (const char* method : {"HEAD", "POST", "PUT"}) {
    const RestRoute route = RouteRestRequest(method, "/");
    EXPECT_EQ(route.endpoint, RestEndpoint::kMethodNotAllowed) << method;
    EXPECT_EQ(route.allowed_method, "GET") << method;
  }
  EXPECT_EQ(RouteRestRequest("GET", "//").endpoint, RestEndpoint::kNotFound);
  EXPECT_EQ(RouteRestRequest("GET", "/index.html").endpoint, RestEndpoint::kNotFound);
}

TEST(RestRouteTest, TrackingTakesPostAndCarriesTheStillEncodedAccount) {
  const RestRoute track = RouteRestRequest("POST", "/tracking/cel%74ra?x=1");
  EXPECT_EQ(track.endpoint, RestEndpoint::kTrack);
  EXPECT_EQ(track.label, HttpRoute::kTrack);
  EXPECT_EQ(track.account_id, "cel%74ra");
  EXPECT_EQ(RouteRestRequest("POST", "/tracking/").account_id, "");  // the handler refuses it
  const RestRoute get = RouteRestRequest("GET", "/tracking/celtra");
  EXPECT_EQ(get.endpoint, RestEndpoint::kMethodNotAllowed);
  EXPECT_EQ(get.allowed_method, "POST");
  EXPECT_EQ(get.label, HttpRoute::kTrack);
  EXPECT_EQ(RouteRestRequest("POST", "/tracking").endpoint, RestEndpoint::kNotFound);
}

TEST(RestRouteTest, EventsCarriesItsQueryAndOtherPathsAreExact) {
  const RestRoute events = RouteRestRequest("GET", "/events?account=celtra&limit=2");
  EXPECT_EQ(events.endpoint, RestEndpoint::kListEvents);
  EXPECT_EQ(events.query, "account=celtra&limit=2");
  EXPECT_EQ(RouteRestRequest("GET", "/events").query, "");
  EXPECT_EQ(RouteRestRequest("DELETE", "/events").endpoint, RestEndpoint::kMethodNotAllowed);
  EXPECT_EQ(RouteRestRequest("GET", "/events/").endpoint, RestEndpoint::kNotFound);
  EXPECT_EQ(RouteRestRequest("GET", "/healthz").endpoint, RestEndpoint::kHealth);
  EXPECT_EQ(RouteRestRequest("POST", "/healthz").allowed_method, "GET");
}

TEST(RestRouteTest, SubscribeWithoutUpgradeIsUpgradeRequiredWhateverTheMethod) {
  for (const char* method : {"GET", "POST", "HEAD"}) {
    const RestRoute route = RouteRestRequest(method, "/subscribe?account=celtra");
    EXPECT_EQ(route.endpoint, RestEndpoint::kUpgradeRequired) << method;
    EXPECT_EQ(route.label, HttpRoute::kSubscribe) << method;
  }
}

TEST(RestRouteTest, SplitTargetCutsAtTheFirstQuestionMark) {
  const RequestTarget target = SplitTarget("/events?a=1?b");
  EXPECT_EQ(target.path, "/events");
  EXPECT_EQ(target.query, "a=1?b");
  EXPECT_EQ(SplitTarget("/x").query, "");
  EXPECT_EQ(SplitTarget("/x?").query, "");
}

TEST(HttpRouteTest, PathsMapToRouteLabels) {
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/tracking/celtra")), "track");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/tracking/")), "track");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/events")), "events");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/healthz")), "healthz");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/")), "live_page");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/subscribe")), "subscribe");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/tracking")), "other");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("/events/x")), "other");
  EXPECT_EQ(HttpRouteName(HttpRouteOfPath("")), "other");
}

}  // namespace
}  // namespace beacon::edge
