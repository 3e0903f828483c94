#include "edge/track_forwarder.h"

#include <grpcpp/client_context.h>

#include <boost/asio/post.hpp>
#include <memory>

#include "edge/grpc_status.h"

namespace beacon::edge {
namespace {

struct TrackCall {
  grpc::ClientContext context;
  beacon::v1::TrackRequest request;
  beacon::v1::TrackResponse response;
};

absl::StatusOr<beacon::v1::Event> EventOrStatus(const grpc::Status& status, TrackCall& call) {
  if (!status.ok()) return ToAbslStatus(status);
  if (!call.response.has_event()) return absl::InternalError("Track response without an event");
  return std::move(*call.response.mutable_event());
}

}  // namespace

void TrackForwarder::Forward(std::string account_id, std::string data, Done done) const {
  auto call = std::make_shared<TrackCall>();
  call->context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  call->request.set_account_id(std::move(account_id));
  call->request.set_data(std::move(data));
  TrackCall& started = *call;
  // The completion moves everything it holds to the io thread, so that the call state and the
  // HTTP connection held by `done` are always released there, never on a gRPC thread.
  stub_.async()->Track(
      &started.context, &started.request, &started.response,
      [call = std::move(call), done = std::move(done), &io = io_](grpc::Status status) mutable {
        boost::asio::post(io, [call = std::move(call), done = std::move(done),
                               status = std::move(status)] { done(EventOrStatus(status, *call)); });
      });
}

}  // namespace beacon::edge
