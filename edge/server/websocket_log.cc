#include "edge/server/websocket_log.h"

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "edge/api/redact_tokens.h"
#include "edge/api/rest_route.h"
#include "edge/api/subscribe_query.h"
#include "observability/log.h"

namespace beacon::edge {
namespace {

using observability::LogLevel;

std::string SubscribedAccounts(const WebSocketConnection& connection) {
  const absl::StatusOr<SubscribeQuery> query =
      ParseSubscribeQuery(SplitTarget(connection.get_resource()).query);
  if (!query.ok()) return "?";
  if (query->account_ids.empty()) return "*";
  return RedactTokens(absl::StrJoin(query->account_ids, ","));
}

}  // namespace

void LogWebSocketOpened(const WebSocketConnection& connection) {
  if (!observability::LogEnabled(LogLevel::kDebug)) return;
  observability::LogDebug("websocket open", {{"peer", connection.get_remote_endpoint()},
                                             {"accounts", SubscribedAccounts(connection)}});
}

void LogWebSocketClosed(const WebSocketConnection& connection) {
  if (!observability::LogEnabled(LogLevel::kDebug)) return;
  observability::LogDebug("websocket closed",
                          {{"accounts", SubscribedAccounts(connection)},
                           {"code", static_cast<int>(connection.get_local_close_code())},
                           {"remote_code", static_cast<int>(connection.get_remote_close_code())},
                           {"reason", RedactTokens(connection.get_local_close_reason())}});
}

}  // namespace beacon::edge
