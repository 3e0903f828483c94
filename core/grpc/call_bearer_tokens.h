#pragma once

#include <string>
#include <vector>

#include "grpcpp/server_context.h"

namespace beacon::core {

// The tokens of every `authorization: Bearer <token>` metadata entry of a call (the scheme is
// matched case-insensitively; other entries are ignored).
std::vector<std::string> BearerTokens(const grpc::ServerContextBase& context);

}  // namespace beacon::core
