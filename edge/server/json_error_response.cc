#include "edge/server/json_error_response.h"

#include "absl/strings/str_cat.h"
#include "edge/api/error_json.h"

namespace beacon::edge {
namespace {

std::string DefaultMessage(websocketpp::http::status_code::value code, size_t body_limit) {
  namespace status_code = websocketpp::http::status_code;
  switch (code) {
    case status_code::bad_request:
      return "Malformed HTTP request";
    case status_code::request_entity_too_large:
      return absl::StrCat("Request body exceeds ", body_limit, " bytes");
    case status_code::request_header_fields_too_large:
      return "Request headers too large";
    case status_code::upgrade_required:
      return "WebSocket upgrade required";
    default:
      return status_code::get_string(code);
  }
}

}  // namespace

void JsonErrorResponse::SetDefaultErrorBody(websocketpp::http::status_code::value code) {
  if (code < 400) return;
  replace_header("Content-Type", "application/json");
  replace_header("Connection", "close");
  set_body(ErrorJson(DefaultMessage(code, body_limit_.load())));
}

}  // namespace beacon::edge
