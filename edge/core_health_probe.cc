#include "edge/core_health_probe.h"

#include <grpcpp/client_context.h>

#include <boost/asio/post.hpp>
#include <memory>

namespace beacon::edge {
namespace {

struct HealthCall {
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
};

}  // namespace

void CoreHealthProbe::Check(Done done) const {
  auto call = std::make_shared<HealthCall>();
  call->context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  HealthCall& started = *call;
  // As in TrackForwarder: everything the completion holds is released on the io thread.
  stub_.async()->Check(
      &started.context, &started.request, &started.response,
      [call = std::move(call), done = std::move(done), &io = io_](grpc::Status status) mutable {
        const bool serving = status.ok() && call->response.status() ==
                                                grpc::health::v1::HealthCheckResponse::SERVING;
        boost::asio::post(
            io, [call = std::move(call), done = std::move(done), serving] { done(serving); });
      });
}

}  // namespace beacon::edge
