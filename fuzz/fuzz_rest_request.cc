// The REST request path of beacon-edge, everything before the call to the core: routing (method
// and request target -> endpoint or 404/405/426), the account id segment of POST /tracking
// (percent-decoding here, the core's syntax rule after it), the {"data":"..."} body, the query
// strings of GET /events and GET /subscribe, and the JSON error bodies with the core's status
// mapping.
//
// Input: "METHOD TARGET\nBODY" (the request line without the HTTP version, then the body), e.g.
//   POST /tracking/celtra
//   {"data":"0d599f0ec05c3bda8c3b8a68c32a1b47"}
// A line without a space is all method; no newline means no body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "edge/api/core_status_mapping.h"
#include "edge/api/decimal_uint64.h"
#include "edge/api/error_json.h"
#include "edge/api/event_json.h"
#include "edge/api/list_events_query.h"
#include "edge/api/percent_decode.h"
#include "edge/api/query_parameters.h"
#include "edge/api/rest_route.h"
#include "edge/api/subscribe_query.h"
#include "edge/api/track_body.h"
#include "fuzz/fuzz_checks.h"

namespace beacon::fuzz {
namespace {

using edge::RestEndpoint;

// ParseDecimalUint64 against a reference: digits only, and at most UINT64_MAX.
void CheckDecimal(absl::string_view text) {
  const std::optional<uint64_t> value = edge::ParseDecimalUint64(text);
  bool digits = !text.empty();
  for (const char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    FUZZ_CHECK(!value.has_value());
    return;
  }
  absl::string_view significant = text;
  while (significant.size() > 1 && significant[0] == '0') significant.remove_prefix(1);
  const bool fits = significant.size() < 20 ||
                    (significant.size() == 20 && significant <= "18446744073709551615");
  FUZZ_CHECK(value.has_value() == fits);
  if (value.has_value()) FUZZ_CHECK(std::to_string(*value) == significant);
}

// Every byte escaped decodes back to itself; a decode never grows its input.
void CheckPercentDecode(absl::string_view text) {
  for (const edge::PlusSign plus : {edge::PlusSign::kLiteral, edge::PlusSign::kSpace}) {
    const absl::StatusOr<std::string> decoded = edge::PercentDecode(text, plus);
    if (decoded.ok()) FUZZ_CHECK(decoded->size() <= text.size());
  }
  std::string escaped;
  static constexpr char kHex[] = "0123456789aBcDeF";  // both cases are accepted
  for (const char c : text) {
    escaped += '%';
    escaped += kHex[static_cast<unsigned char>(c) >> 4];
    escaped += kHex[static_cast<unsigned char>(c) & 0xF];
  }
  const absl::StatusOr<std::string> round_trip =
      edge::PercentDecode(escaped, edge::PlusSign::kSpace);
  FUZZ_CHECK(round_trip.ok() && *round_trip == text);
}

// How the edge shows a core status: an HTTP error in 400..599 with a JSON body, and a WebSocket
// close reason that fits a control frame and stays UTF-8.
void CheckStatusMapping(uint8_t code_byte, absl::string_view message) {
  const absl::Status status(static_cast<absl::StatusCode>(code_byte % 18), message);
  for (const edge::HttpError& error :
       {edge::HttpErrorForRestCall(status), edge::HttpErrorForSubscribeRefusal(status)}) {
    if (status.ok()) continue;  // never asked for an OK status
    FUZZ_CHECK(error.http_status >= 400 && error.http_status <= 599);
    CheckErrorBody(edge::ErrorJson(error.message), error.message);
  }
  const edge::WebSocketClose close = edge::WebSocketCloseForStreamEnd(status);
  FUZZ_CHECK(close.reason.size() <= 123);
  if (IsUtf8(message)) FUZZ_CHECK(IsUtf8(close.reason));
}

// POST /tracking/{account}: what the edge answers without the core (400), and for a request it
// forwards, what the core's account id rule makes of it.
void CheckTrack(absl::string_view encoded_account_id, const std::string& body) {
  const absl::StatusOr<std::string> account_id =
      edge::PercentDecode(encoded_account_id, edge::PlusSign::kLiteral);
  if (!account_id.ok()) {
    const std::string message = absl::StrCat("Invalid account id: ", account_id.status().message());
    CheckErrorBody(edge::ErrorJson(message), message);
    return;
  }
  const absl::StatusOr<std::string> data = edge::TrackDataFromBody(body);
  if (!data.ok()) {
    CheckErrorBody(edge::ErrorJson(data.status().message()), data.status().message());
    return;
  }
  // The data is whatever the body's "data" string holds: JSON strings are UTF-8.
  FUZZ_CHECK(IsUtf8(*data));
  const absl::Status account_status = core::ValidateAccountId(*account_id);
  if (!account_status.ok()) {
    const edge::HttpError error = edge::HttpErrorForRestCall(account_status);
    FUZZ_CHECK(error.http_status == 400);
    CheckErrorBody(edge::ErrorJson(error.message), error.message);
    return;
  }
  // A valid id and data make an event whose JSON carries both unchanged.
  beacon::v1::Event event;
  event.set_account_id(*account_id);
  event.set_data(*data);
  const nlohmann::ordered_json json = ParseOrDie(edge::EventToJson(event));
  FUZZ_CHECK(json["account_id"] == *account_id && json["data"] == *data);
}

void CheckListEventsQuery(absl::string_view query) {
  const absl::StatusOr<beacon::v1::ListEventsRequest> request = edge::ParseListEventsQuery(query);
  if (!request.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(request.status()));
    CheckErrorBody(edge::ErrorJson(request.status().message()), request.status().message());
  }
}

void CheckSubscribeQuery(absl::string_view query) {
  const absl::StatusOr<edge::SubscribeQuery> subscribe = edge::ParseSubscribeQuery(query);
  if (!subscribe.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(subscribe.status()));
    CheckErrorBody(edge::ErrorJson(subscribe.status().message()), subscribe.status().message());
    return;
  }
  for (size_t i = 0; i < subscribe->account_ids.size(); ++i) {
    for (size_t k = i + 1; k < subscribe->account_ids.size(); ++k) {
      FUZZ_CHECK(subscribe->account_ids[i] != subscribe->account_ids[k]);  // duplicates dropped
    }
  }
}

void CheckRoute(absl::string_view method, absl::string_view resource, const std::string& body) {
  const edge::RestRoute route = edge::RouteRestRequest(method, resource);
  const edge::RequestTarget target = edge::SplitTarget(resource);
  FUZZ_CHECK(target.path.size() + (target.query.size() + 1) >= resource.size());
  FUZZ_CHECK(!absl::StrContains(target.path, '?'));
  const absl::string_view path = target.path;
  const bool tracking = absl::StartsWith(path, "/tracking/");
  switch (route.endpoint) {
    case RestEndpoint::kLivePage:
      FUZZ_CHECK(method == "GET" && path == "/");
      break;
    case RestEndpoint::kHealth:
      FUZZ_CHECK(method == "GET" && path == "/healthz");
      break;
    case RestEndpoint::kUpgradeRequired:
      FUZZ_CHECK(path == "/subscribe");
      break;
    case RestEndpoint::kTrack:
      FUZZ_CHECK(method == "POST" && tracking);
      FUZZ_CHECK(route.account_id == path.substr(sizeof("/tracking/") - 1));
      CheckTrack(route.account_id, body);
      break;
    case RestEndpoint::kListEvents:
      FUZZ_CHECK(method == "GET" && path == "/events" && route.query == target.query);
      CheckListEventsQuery(route.query);
      break;
    case RestEndpoint::kMethodNotAllowed:
      FUZZ_CHECK(route.allowed_method == "GET" || route.allowed_method == "POST");
      FUZZ_CHECK(method != route.allowed_method);
      FUZZ_CHECK(path == "/" || path == "/healthz" || path == "/events" || tracking);
      break;
    case RestEndpoint::kNotFound:
      FUZZ_CHECK(path != "/" && path != "/healthz" && path != "/subscribe" && path != "/events" &&
                 !tracking);
      break;
  }
}

}  // namespace
}  // namespace beacon::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace beacon::fuzz;
  const absl::string_view input(reinterpret_cast<const char*>(bytes), size);
  const size_t newline = input.find('\n');
  const absl::string_view request_line = input.substr(0, newline);
  const std::string body(newline == absl::string_view::npos ? absl::string_view()
                                                            : input.substr(newline + 1));
  const size_t space = request_line.find(' ');
  const absl::string_view method = request_line.substr(0, space);
  const absl::string_view resource =
      space == absl::string_view::npos ? absl::string_view() : request_line.substr(space + 1);

  CheckRoute(method, resource, body);
  // Every query goes through both query parsers (the upgrade path reads /subscribe's) and every
  // parameter value through the number parser, whatever the route.
  const absl::string_view query = beacon::edge::SplitTarget(resource).query;
  CheckSubscribeQuery(query);
  CheckListEventsQuery(query);
  const absl::StatusOr<std::vector<beacon::edge::QueryParameter>> parameters =
      beacon::edge::ParseQueryParameters(query);
  if (parameters.ok()) {
    for (const beacon::edge::QueryParameter& parameter : *parameters) CheckDecimal(parameter.value);
  }
  CheckPercentDecode(request_line.substr(0, 256));
  CheckStatusMapping(size > 0 ? bytes[0] : 0, absl::string_view(body).substr(0, 512));
  return 0;
}
