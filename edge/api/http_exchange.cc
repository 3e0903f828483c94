#include "edge/api/http_exchange.h"

#include <string>

#include "edge/api/error_json.h"

namespace beacon::edge {

void ReplyJson(HttpExchange& exchange, int status, std::string body,
               std::vector<HttpExchange::Header> headers) {
  exchange.Reply(status, "application/json", std::move(body), std::move(headers));
}

void ReplyJsonError(HttpExchange& exchange, const HttpError& error,
                    std::vector<HttpExchange::Header> headers) {
  if (error.retry_after_seconds > 0) {
    headers.push_back({"Retry-After", std::to_string(error.retry_after_seconds)});
  }
  ReplyJson(exchange, error.http_status, ErrorJson(error.message), std::move(headers));
}

}  // namespace beacon::edge
