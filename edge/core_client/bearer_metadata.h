#pragma once

#include <grpcpp/client_context.h>

#include <string>
#include <vector>

namespace beacon::edge {

// Adds one `authorization: Bearer <key>` metadata entry per key (from BearerTokensOf, so each is
// valid metadata) to a call to the core, which checks every entry.
inline void AddBearerMetadata(grpc::ClientContext& context,
                              const std::vector<std::string>& bearer_tokens) {
  for (const std::string& token : bearer_tokens) {
    context.AddMetadata("authorization", "Bearer " + token);
  }
}

}  // namespace beacon::edge
