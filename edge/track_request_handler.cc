#include "edge/track_request_handler.h"

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "edge/api/bearer_tokens.h"
#include "edge/api/core_status_mapping.h"
#include "edge/api/error_json.h"
#include "edge/api/event_json.h"
#include "edge/api/percent_decode.h"
#include "edge/api/track_body.h"
#include "edge/deferred_json_reply.h"

namespace beacon::edge {
namespace {

void ReplyError(HttpExchange& exchange, int http_status, absl::string_view message) {
  ReplyJson(exchange, http_status, ErrorJson(message));
}

}  // namespace

void TrackRequestHandler::Handle(const HttpExchangePtr& exchange,
                                 absl::string_view encoded_account_id) const {
  const std::string& body = exchange->body();
  if (body.size() > max_body_bytes_) {
    ReplyError(*exchange, 413, absl::StrCat("Request body exceeds ", max_body_bytes_, " bytes"));
    return;
  }
  absl::StatusOr<std::string> account_id = PercentDecode(encoded_account_id, PlusSign::kLiteral);
  // Whether the id is well-formed is the core's rule; it answers INVALID_ARGUMENT (400).
  if (!account_id.ok()) {
    ReplyError(*exchange, 400, absl::StrCat("Invalid account id: ", account_id.status().message()));
    return;
  }
  absl::StatusOr<std::string> data = TrackDataFromBody(body);
  if (!data.ok()) {
    ReplyError(*exchange, 400, data.status().message());
    return;
  }

  // Only the header: a key in a POST's query string would end up in access logs.
  absl::StatusOr<std::vector<std::string>> tokens =
      BearerTokensOf(exchange->header("Authorization"), /*query=*/"");
  if (!tokens.ok()) {
    ReplyJsonError(*exchange, HttpErrorForRestCall(tokens.status()));
    return;
  }

  const DeferredJsonReply reply = DeferredJsonReply::Defer(exchange, in_flight_);
  core_.Track(std::move(*account_id), std::move(*data), *tokens,
              [reply](absl::StatusOr<beacon::v1::Event> event) {
                if (event.ok()) return reply.Send(200, EventToJson(*event));
                reply.SendError(HttpErrorForRestCall(event.status()));
              });
}

}  // namespace beacon::edge
