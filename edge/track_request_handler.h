#pragma once

#include <cstddef>

#include "absl/strings/string_view.h"
#include "edge/api/http_exchange.h"
#include "edge/core_client/core_client.h"
#include "edge/in_flight_calls.h"

namespace beacon::edge {

// Serves POST /tracking/{account_id}. Checks only what the translation needs (body size, the
// {"data": "..."} shape, account id syntax), forwards to the core and answers with the event JSON
// or a JSON error.
// Threading: io thread only. Lifetime: the deferred response's callback holds the exchange and
// refers to `in_flight`, which must outlive every call (EdgeServer drains them before exiting).
class TrackRequestHandler {
 public:
  TrackRequestHandler(const CoreClient& core, InFlightCalls& in_flight, size_t max_body_bytes)
      : core_(core), in_flight_(in_flight), max_body_bytes_(max_body_bytes) {}

  // `encoded_account_id` is the path segment after /tracking/, still percent-encoded.
  void Handle(const HttpExchangePtr& exchange, absl::string_view encoded_account_id) const;

 private:
  const CoreClient& core_;
  InFlightCalls& in_flight_;
  const size_t max_body_bytes_;
};

}  // namespace beacon::edge
