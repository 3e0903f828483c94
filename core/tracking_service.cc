#include "core/tracking_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/bearer_tokens.h"
#include "core/grpc_status.h"
#include "core/subscribe_reactor.h"

namespace beacon::core {

grpc::ServerUnaryReactor* TrackingService::Track(grpc::CallbackServerContext* context,
                                                 const beacon::v1::TrackRequest* request,
                                                 beacon::v1::TrackResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Status allowed =
      policy_.AuthorizeTrack(BearerTokens(*context), request->account_id());
  if (!allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  // gRPC keeps `response` alive until Finish() has been called.
  tracker_.Track(request->account_id(), request->data(),
                 [reactor, response](absl::StatusOr<EventPtr> event) {
                   if (event.ok()) *response->mutable_event() = **event;
                   reactor->Finish(ToGrpcStatus(event.status()));
                 });
  return reactor;
}

grpc::ServerWriteReactor<beacon::v1::SubscribeResponse>* TrackingService::Subscribe(
    grpc::CallbackServerContext* context, const beacon::v1::SubscribeRequest* request) {
  std::vector<std::string> account_ids(request->account_ids().begin(),
                                       request->account_ids().end());
  const absl::Status allowed = policy_.AuthorizeRead(BearerTokens(*context), account_ids);
  if (!allowed.ok()) return new RefusedSubscribeReactor(ToGrpcStatus(allowed));
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = tracker_.NewSubscription(
      std::move(account_ids),
      request->has_since() ? std::optional<uint64_t>(request->since()) : std::nullopt);
  if (!subscription.ok()) return new RefusedSubscribeReactor(ToGrpcStatus(subscription.status()));
  return new SubscribeReactor(*std::move(subscription));
}

grpc::ServerUnaryReactor* TrackingService::ListEvents(grpc::CallbackServerContext* context,
                                                      const beacon::v1::ListEventsRequest* request,
                                                      beacon::v1::ListEventsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::vector<std::string> account_ids;
  if (!request->account_id().empty()) account_ids.push_back(request->account_id());
  absl::Status status = policy_.AuthorizeRead(BearerTokens(*context), account_ids);
  if (status.ok()) {
    absl::StatusOr<beacon::v1::ListEventsResponse> page = history_.List(*request);
    if (page.ok()) *response = *std::move(page);
    status = page.status();
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace beacon::core
