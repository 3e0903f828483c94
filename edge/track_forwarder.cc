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
  stub_.async()->Track(&call->context, &call->request, &call->response,
                       [call, done = std::move(done), &io = io_](grpc::Status status) {
                         boost::asio::post(io, [call, done, status = std::move(status)] {
                           done(EventOrStatus(status, *call));
                         });
                       });
}

}  // namespace beacon::edge
