#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"

namespace beacon::bench {

// What a client needs from an HTTP/1.x response head to read the body and to know whether the
// connection may carry another request.
struct HttpResponseHead {
  int status = 0;
  size_t head_bytes = 0;                 // Up to and including the blank line.
  std::optional<size_t> content_length;  // nullopt: the body runs until the server closes.
  bool chunked = false;                  // Transfer-Encoding: chunked.
  // The server keeps the connection open after this response: HTTP/1.1 without
  // "Connection: close", or HTTP/1.0 with "Connection: keep-alive"; and the body has a length.
  bool keep_alive = false;
};

// The head at the start of `response`; nullopt while the blank line ending it has not arrived,
// an InvalidArgumentError when it is not an HTTP/1.x response head.
absl::StatusOr<std::optional<HttpResponseHead>> ParseHttpResponseHead(std::string_view response);

}  // namespace beacon::bench
