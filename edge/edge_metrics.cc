#include "edge/edge_metrics.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace beacon::edge {
namespace {

using observability::Counter;
using observability::Labels;

constexpr char kHttpRequestsName[] = "beacon_edge_http_requests_total";
constexpr char kHttpRequestsHelp[] =
    "HTTP requests the edge answered, by route and status code (101: WebSocket upgrade "
    "accepted). Refusals websocketpp writes itself (unparsable request, body over "
    "--max_body_bytes) are not counted.";
constexpr char kCoreCallErrorsName[] = "beacon_edge_core_call_errors_total";
constexpr char kCoreCallErrorsHelp[] =
    "Edge->core gRPC calls that ended with an error, by method and gRPC code; UNAVAILABLE and "
    "DEADLINE_EXCEEDED mean the core was unreachable or slow, the other codes are refusals "
    "(NOT_FOUND, FAILED_PRECONDITION, ...). Streams the edge cancelled itself are not counted.";
constexpr char kWebSocketClosesName[] = "beacon_edge_websocket_closes_total";
constexpr char kWebSocketClosesHelp[] =
    "WebSockets closed, by the code of the edge's close frame (1000/1001 normal, 1006 none "
    "exchanged, 1011 error or keepalive timeout, 1012 core unavailable, 4008 slow consumer, "
    "4404 account not found).";

// The series created up front, so dashboards see them at zero before the first request.
constexpr struct {
  HttpRoute route;
  int status;
} kCommonHttpReplies[] = {
    {HttpRoute::kTrack, 200},     {HttpRoute::kTrack, 400},     {HttpRoute::kTrack, 401},
    {HttpRoute::kTrack, 403},     {HttpRoute::kTrack, 404},     {HttpRoute::kTrack, 429},
    {HttpRoute::kTrack, 503},     {HttpRoute::kEvents, 200},    {HttpRoute::kEvents, 400},
    {HttpRoute::kEvents, 401},    {HttpRoute::kEvents, 403},    {HttpRoute::kEvents, 404},
    {HttpRoute::kEvents, 503},    {HttpRoute::kHealthz, 200},   {HttpRoute::kHealthz, 503},
    {HttpRoute::kLivePage, 200},  {HttpRoute::kSubscribe, 101}, {HttpRoute::kSubscribe, 400},
    {HttpRoute::kSubscribe, 401}, {HttpRoute::kSubscribe, 403}, {HttpRoute::kSubscribe, 404},
    {HttpRoute::kSubscribe, 503}, {HttpRoute::kOther, 404},
};
constexpr CoreMethod kCoreMethods[] = {CoreMethod::kTrack, CoreMethod::kListEvents,
                                       CoreMethod::kSubscribe, CoreMethod::kHealth};
constexpr absl::StatusCode kCommonCoreErrors[] = {absl::StatusCode::kUnavailable,
                                                  absl::StatusCode::kDeadlineExceeded};
constexpr int kCommonCloseCodes[] = {1000, 1001, 1006, 1011, 1012, 4008};

absl::string_view CoreMethodName(CoreMethod method) {
  switch (method) {
    case CoreMethod::kTrack:
      return "Track";
    case CoreMethod::kListEvents:
      return "ListEvents";
    case CoreMethod::kSubscribe:
      return "Subscribe";
    case CoreMethod::kHealth:
      return "Health";
  }
  return "unknown";
}

// gRPC's spelling of a code (UNAVAILABLE), which Abseil shares.
std::string GrpcCodeName(absl::StatusCode code) {
  std::string name = absl::StatusCodeToString(code);
  return name.empty() ? absl::StrCat(static_cast<int>(code)) : name;
}

}  // namespace

EdgeMetrics::EdgeMetrics(observability::MetricsRegistry& registry)
    : registry_(registry),
      track_duration_(registry.AddHistogram(
          "beacon_edge_track_duration_seconds",
          "POST /tracking requests, from the whole request read to the reply handed to the "
          "socket (includes the Track call to the core).",
          observability::LatencySecondsBuckets())),
      websocket_connections_(registry.AddGauge("beacon_edge_websocket_connections",
                                               "Open WebSocket subscribers (upgrade completed).")),
      events_delivered_(registry.AddCounter("beacon_edge_events_delivered_total",
                                            "Events sent to subscribers in WebSocket frames.")),
      websocket_writes_(registry.AddCounter(
          "beacon_edge_websocket_writes_total",
          "Writes to subscribers' sockets; each carries every frame queued for that subscriber "
          "when it starts (up to 64 KiB).")),
      slow_subscribers_dropped_(registry.AddCounter(
          "beacon_edge_subscribers_dropped_total",
          "Subscribers the edge closed (4008) because more than --ws_max_buffered_bytes were "
          "waiting to be sent to them.",
          {{"reason", "slow"}})),
      received_bytes_(registry.AddCounter(
          "beacon_edge_received_bytes_total",
          "Bytes of HTTP request bodies and WebSocket message payloads received from clients.")),
      sent_bytes_(registry.AddCounter(
          "beacon_edge_sent_bytes_total",
          "Bytes of HTTP response bodies and WebSocket frame payloads (events) sent to clients.")) {
  for (const auto& reply : kCommonHttpReplies) {
    http_requests_.push_back(
        {{reply.route, reply.status}, &HttpRequestsSeries(reply.route, reply.status)});
  }
  for (const CoreMethod method : kCoreMethods) {
    for (const absl::StatusCode code : kCommonCoreErrors) {
      core_call_errors_.push_back({{method, code}, &CoreCallErrorsSeries(method, code)});
    }
  }
  for (const int code : kCommonCloseCodes) {
    websocket_closes_.push_back({code, &WebSocketClosesSeries(code)});
  }
}

void EdgeMetrics::CountHttpReply(HttpRoute route, int http_status, size_t body_bytes) {
  sent_bytes_.Increment(body_bytes);
  for (const Series<HttpKey>& series : http_requests_) {
    if (series.key.route == route && series.key.status == http_status) {
      return series.counter->Increment();
    }
  }
  HttpRequestsSeries(route, http_status).Increment();
}

void EdgeMetrics::CountCoreCallError(CoreMethod method, absl::StatusCode code) {
  for (const Series<CoreKey>& series : core_call_errors_) {
    if (series.key.method == method && series.key.code == code) return series.counter->Increment();
  }
  CoreCallErrorsSeries(method, code).Increment();
}

void EdgeMetrics::CountWebSocketClose(int code) {
  for (const Series<int>& series : websocket_closes_) {
    if (series.key == code) return series.counter->Increment();
  }
  WebSocketClosesSeries(code).Increment();
}

observability::Counter& EdgeMetrics::HttpRequestsSeries(HttpRoute route, int http_status) {
  return registry_.AddCounter(
      kHttpRequestsName, kHttpRequestsHelp,
      Labels{{"route", std::string(HttpRouteName(route))}, {"code", absl::StrCat(http_status)}});
}

observability::Counter& EdgeMetrics::CoreCallErrorsSeries(CoreMethod method,
                                                          absl::StatusCode code) {
  return registry_.AddCounter(
      kCoreCallErrorsName, kCoreCallErrorsHelp,
      Labels{{"method", std::string(CoreMethodName(method))}, {"code", GrpcCodeName(code)}});
}

observability::Counter& EdgeMetrics::WebSocketClosesSeries(int code) {
  return registry_.AddCounter(kWebSocketClosesName, kWebSocketClosesHelp,
                              Labels{{"code", absl::StrCat(code)}});
}

}  // namespace beacon::edge
