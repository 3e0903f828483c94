#include "core/tracking_service.h"

#include <string>
#include <vector>

#include "core/grpc_status.h"
#include "core/subscribe_reactor.h"

namespace beacon::core {

grpc::ServerUnaryReactor* TrackingService::Track(grpc::CallbackServerContext* context,
                                                 const beacon::v1::TrackRequest* request,
                                                 beacon::v1::TrackResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<EventPtr> event = tracker_.Track(request->account_id(), request->data());
  if (event.ok()) *response->mutable_event() = **event;
  reactor->Finish(ToGrpcStatus(event.status()));
  return reactor;
}

grpc::ServerWriteReactor<beacon::v1::SubscribeResponse>* TrackingService::Subscribe(
    grpc::CallbackServerContext* context, const beacon::v1::SubscribeRequest* request) {
  absl::StatusOr<std::shared_ptr<SubscriptionQueue>> queue = tracker_.NewSubscription(
      std::vector<std::string>(request->account_ids().begin(), request->account_ids().end()));
  if (!queue.ok()) return new RefusedSubscribeReactor(ToGrpcStatus(queue.status()));
  return new SubscribeReactor(hub_, *std::move(queue));
}

}  // namespace beacon::core
