#include "clients/bench/http_response_head.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace beacon::bench {

namespace {

// Whether the comma-separated header value `value` lists `token` (case-insensitive).
bool HasToken(absl::string_view value, absl::string_view token) {
  for (absl::string_view item : absl::StrSplit(value, ',')) {
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(item), token)) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::optional<HttpResponseHead>> ParseHttpResponseHead(std::string_view response) {
  const size_t end = response.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  const std::vector<absl::string_view> lines =
      absl::StrSplit(absl::string_view(response.data(), end), "\r\n");

  // "HTTP/1.1 200 OK"
  const absl::string_view status_line = lines[0];
  const bool http11 = absl::StartsWith(status_line, "HTTP/1.1 ");
  if (!http11 && !absl::StartsWith(status_line, "HTTP/1.0 ")) {
    return absl::InvalidArgumentError("not an HTTP/1.x status line");
  }
  HttpResponseHead head;
  head.head_bytes = end + 4;
  if (status_line.size() < 12 || !absl::SimpleAtoi(status_line.substr(9, 3), &head.status) ||
      head.status < 100 || (status_line.size() > 12 && status_line[12] != ' ')) {
    return absl::InvalidArgumentError("bad status code");
  }

  bool close = false;
  bool keep_alive = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == absl::string_view::npos) return absl::InvalidArgumentError("bad header line");
    const absl::string_view name = lines[i].substr(0, colon);
    const absl::string_view value = absl::StripAsciiWhitespace(lines[i].substr(colon + 1));
    if (absl::EqualsIgnoreCase(name, "Content-Length")) {
      size_t length = 0;
      if (!absl::SimpleAtoi(value, &length))
        return absl::InvalidArgumentError("bad Content-Length");
      head.content_length = length;
    } else if (absl::EqualsIgnoreCase(name, "Transfer-Encoding")) {
      head.chunked = head.chunked || HasToken(value, "chunked");
    } else if (absl::EqualsIgnoreCase(name, "Connection")) {
      close = close || HasToken(value, "close");
      keep_alive = keep_alive || HasToken(value, "keep-alive");
    }
  }
  // These never have a body, whatever the headers say (RFC 9112 section 6.3).
  if (head.status < 200 || head.status == 204 || head.status == 304) head.content_length = 0;
  const bool delimited = head.chunked || head.content_length.has_value();
  head.keep_alive = delimited && !close && (http11 || keep_alive);
  return head;
}

}  // namespace beacon::bench
