// Force-included into every source of the `core` target (core/CMakeLists.txt). The service logic
// is transport-free: any gRPC header or type it names fails to compile with "attempt to use
// poisoned". gRPC adapters belong in core/grpc/ (target core_grpc).
#pragma once

#pragma GCC poison grpc
