#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "edge/api/core_status_mapping.h"

namespace beacon::edge {

// One plain HTTP request and the one response the edge owes it: what the REST handlers see of
// HTTP (HttpSession implements it over Boost.Beast). A handler answers at once, or keeps the
// exchange (a shared_ptr) and answers when the core has answered.
//
// Threading: the io thread of the connection it came on, for every method. Lifetime: shared; an
// exchange whose connection went away takes the reply and drops it.
class HttpExchange {
 public:
  struct Header {
    std::string name;
    std::string value;
  };

  virtual ~HttpExchange() = default;

  virtual absl::string_view method() const = 0;
  virtual absl::string_view target() const = 0;
  // The value of the request header `name` (matched in any case); "" when absent.
  virtual absl::string_view header(absl::string_view name) const = 0;
  virtual const std::string& body() const = 0;

  // Answers with `status`, `content_type` and `body` plus `headers`; the first call only.
  virtual void Reply(int status, absl::string_view content_type, std::string body,
                     std::vector<Header> headers = {}) = 0;
};

using HttpExchangePtr = std::shared_ptr<HttpExchange>;

// application/json replies: `body`, or {"error": message} (with Retry-After when the error has
// one).
void ReplyJson(HttpExchange& exchange, int status, std::string body,
               std::vector<HttpExchange::Header> headers = {});
void ReplyJsonError(HttpExchange& exchange, const HttpError& error,
                    std::vector<HttpExchange::Header> headers = {});

}  // namespace beacon::edge
