#include "clients/bench/grpc_track_publisher.h"

#include <chrono>
#include <utility>

#include "clients/bench/grpc_code_name.h"
#include "grpcpp/grpcpp.h"

namespace beacon::bench {

namespace {
constexpr auto kCallDeadline = std::chrono::seconds(5);
}  // namespace

struct GrpcTrackPublisher::Call {
  grpc::ClientContext context;
  beacon::v1::TrackRequest request;
  beacon::v1::TrackResponse response;
  Done done;
};

GrpcTrackPublisher::GrpcTrackPublisher(std::shared_ptr<grpc::Channel> channel, std::string account)
    : account_(std::move(account)), stub_(beacon::v1::Tracking::NewStub(channel)) {}

void GrpcTrackPublisher::Publish(std::string data, Done done) {
  auto call = std::make_shared<Call>();
  call->done = std::move(done);
  call->context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  call->request.set_account_id(account_);
  call->request.set_data(std::move(data));
  stub_->async()->Track(&call->context, &call->request, &call->response,
                        [call](grpc::Status status) {
                          if (!status.ok()) return call->done(GrpcCodeName(status.error_code()));
                          const beacon::v1::Event& event = call->response.event();
                          if (event.account_id() != call->request.account_id() ||
                              event.data() != call->request.data()) {
                            return call->done("response does not echo the request");
                          }
                          call->done("");
                        });
}

}  // namespace beacon::bench
