#pragma once

#include <atomic>
#include <cstddef>
#include <string>

// websocketpp headers are not self-contained: the common memory header must come first.
#include <websocketpp/common/memory.hpp>
#include <websocketpp/http/response.hpp>

namespace beacon::edge {

// websocketpp's HTTP response type, except that every error status starts out with a JSON body
// ({"error":...}, Content-Type application/json, Connection: close). This is how refusals that
// websocketpp writes on its own get the edge's error format: a body over max_http_body_size (413),
// an unparsable request (400) or oversized headers (431) never reach the edge's handlers. The
// edge's own handlers replace the default body with a specific one after setting the status.
// websocketpp calls set_status on its configured response_type, so these overloads are the ones
// used.
class JsonErrorResponse : public websocketpp::http::parser::response {
 public:
  // The edge's --max_body_bytes, named in the 413 that websocketpp writes for a larger
  // Content-Length. websocketpp constructs responses itself, so this is set once at start-up,
  // before the port opens.
  static void SetBodyLimit(size_t max_body_bytes) { body_limit_ = max_body_bytes; }

  void set_status(websocketpp::http::status_code::value code) {
    response::set_status(code);
    SetDefaultErrorBody(code);
  }

  // websocketpp's parser errors pass an empty message, which would leave the status line without
  // a reason phrase.
  void set_status(websocketpp::http::status_code::value code, const std::string& message) {
    response::set_status(
        code, message.empty() ? websocketpp::http::status_code::get_string(code) : message);
    SetDefaultErrorBody(code);
  }

 private:
  void SetDefaultErrorBody(websocketpp::http::status_code::value code);

  static inline std::atomic<size_t> body_limit_{0};
};

}  // namespace beacon::edge
