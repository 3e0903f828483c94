#include "core/grpc/tracking_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "core/grpc/call_bearer_tokens.h"
#include "core/grpc/status_to_grpc.h"
#include "core/grpc/subscribe_reactor.h"
#include "observability/log.h"

namespace beacon::core {

grpc::ServerUnaryReactor* TrackingService::Track(grpc::CallbackServerContext* context,
                                                 const beacon::v1::TrackRequest* request,
                                                 beacon::v1::TrackResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time arrived = absl::Now();
  const absl::Status allowed =
      policy_.AuthorizeTrack(BearerTokens(*context), request->account_id());
  if (!allowed.ok()) {
    metrics_.TrackAnswered(allowed, 0, absl::Now() - arrived);
    AddErrorReasonMetadata(*context, allowed);
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  // gRPC keeps `response` alive until Finish() has been called.
  tracker_.Track(request->account_id(), request->data(),
                 [this, context, reactor, response, arrived,
                  data_bytes = request->data().size()](absl::StatusOr<EventPtr> event) {
                   if (event.ok()) *response->mutable_event() = (*event)->event();
                   metrics_.TrackAnswered(event.status(), data_bytes, absl::Now() - arrived);
                   AddErrorReasonMetadata(*context, event.status());
                   reactor->Finish(ToGrpcStatus(event.status()));
                 });
  return reactor;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* TrackingService::Subscribe(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw_request) {
  beacon::v1::SubscribeRequest parsed;
  grpc::ByteBuffer request_bytes(*raw_request);  // Deserialize consumes its input
  if (const grpc::Status status =
          grpc::SerializationTraits<beacon::v1::SubscribeRequest>::Deserialize(&request_bytes,
                                                                               &parsed);
      !status.ok()) {
    return new RefusedSubscribeReactor(status);
  }
  const beacon::v1::SubscribeRequest* request = &parsed;
  std::vector<std::string> account_ids(request->account_ids().begin(),
                                       request->account_ids().end());
  const absl::Status allowed = policy_.AuthorizeRead(BearerTokens(*context), account_ids);
  if (!allowed.ok()) return new RefusedSubscribeReactor(ToGrpcStatus(allowed));
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = tracker_.NewSubscription(
      std::move(account_ids),
      request->has_since() ? std::optional<uint64_t>(request->since()) : std::nullopt);
  if (!subscription.ok()) return new RefusedSubscribeReactor(ToGrpcStatus(subscription.status()));
  observability::LogDebug(
      "subscribe stream accepted",
      {{"peer", context->peer()},
       {"accounts", absl::StrJoin(request->account_ids(), ",")},
       {"since", request->has_since() ? absl::StrCat(request->since()) : std::string("live")}});
  return new SubscribeReactor(*std::move(subscription), metrics_);
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
