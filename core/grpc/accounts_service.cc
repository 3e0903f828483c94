#include "core/grpc/accounts_service.h"

#include <optional>
#include <string>

#include "core/grpc/call_bearer_tokens.h"
#include "core/grpc/status_to_grpc.h"

namespace beacon::core {
namespace {

void ToProto(const storage::Account& account, beacon::v1::Account& out) {
  out.set_id(account.id);
  out.set_active(account.active);
  out.set_has_key(!account.key_hash.empty());
}

}  // namespace

template <typename Handler>
grpc::ServerUnaryReactor* AccountsService::AsAdmin(grpc::CallbackServerContext* context,
                                                   Handler handle) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = policy_.AuthorizeAdmin(BearerTokens(*context));
  if (status.ok()) status = handle();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* AccountsService::CreateAccount(
    grpc::CallbackServerContext* context, const beacon::v1::CreateAccountRequest* request,
    beacon::v1::CreateAccountResponse* response) {
  return AsAdmin(context, [&]() -> absl::Status {
    const bool active = request->has_active() ? request->active() : true;
    absl::StatusOr<CreatedAccount> created = admin_.Create(request->id(), active);
    if (!created.ok()) return created.status();
    ToProto(created->account, *response->mutable_account());
    response->set_subscriber_key(created->subscriber_key);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AccountsService::GetAccount(grpc::CallbackServerContext* context,
                                                      const beacon::v1::GetAccountRequest* request,
                                                      beacon::v1::Account* response) {
  return AsAdmin(context, [&]() -> absl::Status {
    const absl::StatusOr<storage::Account> account = admin_.Get(request->id());
    if (account.ok()) ToProto(*account, *response);
    return account.status();
  });
}

grpc::ServerUnaryReactor* AccountsService::ListAccounts(
    grpc::CallbackServerContext* context, const beacon::v1::ListAccountsRequest* request,
    beacon::v1::ListAccountsResponse* response) {
  return AsAdmin(context, [&]() -> absl::Status {
    const absl::StatusOr<AccountListing> listing =
        admin_.List(request->page_token(), request->page_size());
    if (!listing.ok()) return listing.status();
    for (const storage::Account& account : listing->accounts) {
      ToProto(account, *response->add_accounts());
    }
    response->set_next_page_token(listing->next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AccountsService::UpdateAccount(
    grpc::CallbackServerContext* context, const beacon::v1::UpdateAccountRequest* request,
    beacon::v1::Account* response) {
  return AsAdmin(context, [&]() -> absl::Status {
    const std::optional<bool> active =
        request->has_active() ? std::optional<bool>(request->active()) : std::nullopt;
    const absl::StatusOr<storage::Account> account = admin_.Update(request->id(), active);
    if (account.ok()) ToProto(*account, *response);
    return account.status();
  });
}

grpc::ServerUnaryReactor* AccountsService::DeleteAccount(
    grpc::CallbackServerContext* context, const beacon::v1::DeleteAccountRequest* request,
    beacon::v1::DeleteAccountResponse* /*response*/) {
  return AsAdmin(context, [&] { return admin_.Delete(request->id()); });
}

grpc::ServerUnaryReactor* AccountsService::RotateKey(grpc::CallbackServerContext* context,
                                                     const beacon::v1::RotateKeyRequest* request,
                                                     beacon::v1::RotateKeyResponse* response) {
  return AsAdmin(context, [&]() -> absl::Status {
    absl::StatusOr<std::string> key = admin_.RotateKey(request->id());
    if (key.ok()) response->set_subscriber_key(*std::move(key));
    return key.status();
  });
}

}  // namespace beacon::core
