#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "edge/core_client/bearer_metadata.h"
#include "edge/core_client/status_from_grpc.h"

namespace beacon::edge {

// Starts one unary call on the core with a deadline and hands its outcome to the io thread: the
// one way the edge makes unary calls (Track, ListEvents, the health check).
//
// `wait_for_ready` (CoreChannel::WaitForReady) lets the call wait for a connection that is still
// being made, within `deadline`. `bearer_tokens` go out as `authorization: Bearer <key>` metadata,
// one entry each. `start(context, request, response, on_complete)` starts the call through a stub's
// async() interface, e.g. `[&stub](auto... args) { stub.async()->Track(args...); }`.
// `done(absl::StatusOr<Response>)` runs once, on the io thread: the response when the call
// succeeded, otherwise its status (code and message as the core or gRPC gave them).
//
// Threading: call on the io thread. gRPC runs the completion on one of its own threads, which
// only posts `done` to `io`. Lifetime: the call's state (context, request, response) is owned by
// the completion and moves into the posted task together with `done`, so both are released on
// the io thread, never on a gRPC thread (`done` may hold an HTTP connection). `io` and the stub
// must outlive the call (EdgeServer waits for calls in flight before it exits).
template <typename Request, typename Response, typename Start, typename Done>
void StartCoreUnaryCall(boost::asio::io_context& io, absl::Duration deadline, bool wait_for_ready,
                        const std::vector<std::string>& bearer_tokens, Request request,
                        Start&& start, Done done) {
  struct Call {
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  auto call = std::make_shared<Call>();
  call->context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  call->context.set_wait_for_ready(wait_for_ready);
  AddBearerMetadata(call->context, bearer_tokens);
  call->request = std::move(request);
  Call& started = *call;
  start(&started.context, &started.request, &started.response,
        [call = std::move(call), done = std::move(done), &io](grpc::Status status) mutable {
          boost::asio::post(io, [call = std::move(call), done = std::move(done),
                                 status = std::move(status)]() mutable {
            if (status.ok()) {
              done(absl::StatusOr<Response>(std::move(call->response)));
            } else {
              done(absl::StatusOr<Response>(ToAbslStatus(status, call->context)));
            }
          });
        });
}

}  // namespace beacon::edge
