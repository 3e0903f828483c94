#include "observability/grpc_log.h"

#include <grpc/support/log.h>

#include "observability/log.h"

namespace beacon::observability {
namespace {

void LogGrpcLine(gpr_log_func_args* args) {
  if (!LogEnabled(LogLevel::kDebug)) return;
  Log(LogLevel::kDebug, std::string("grpc: ") + args->message,
      {{"severity", gpr_log_severity_string(args->severity)},
       {"source", std::string(args->file) + ":" + std::to_string(args->line)}});
}

}  // namespace

void RouteGrpcLogsToDebug() { gpr_set_log_function(LogGrpcLine); }

}  // namespace beacon::observability
