#pragma once

namespace beacon::observability {

// Sends gRPC's own log lines (gpr_log; errors only, unless GRPC_VERBOSITY says otherwise) through
// Log() at debug level, as `grpc: <message>` with the source file and line. gRPC reports as
// errors what the daemons already say in one clear line of their own (a port that cannot be
// bound) or treat as routine (a core that is down): they stay visible with --log_level=debug
// without breaking the one-line rule for start-up errors. Call once, first thing in main().
void RouteGrpcLogsToDebug();

}  // namespace beacon::observability
