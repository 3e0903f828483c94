#pragma once

#include "beacon/v1/accounts.grpc.pb.h"
#include "core/access_policy.h"
#include "core/account_admin.h"

namespace beacon::core {

// The beacon.v1.Accounts gRPC service: checks the admin token, then translates calls to the
// AccountAdmin. Holds no state of its own.
//
// Threading: called concurrently on gRPC's callback threads; blocks only on RocksDB point
// operations. Lifetime: `admin` and `policy` must outlive the gRPC server.
class AccountsService final : public beacon::v1::Accounts::CallbackService {
 public:
  AccountsService(const AccountAdmin& admin, const AccessPolicy& policy)
      : admin_(admin), policy_(policy) {}

  grpc::ServerUnaryReactor* CreateAccount(grpc::CallbackServerContext* context,
                                          const beacon::v1::CreateAccountRequest* request,
                                          beacon::v1::CreateAccountResponse* response) override;
  grpc::ServerUnaryReactor* GetAccount(grpc::CallbackServerContext* context,
                                       const beacon::v1::GetAccountRequest* request,
                                       beacon::v1::Account* response) override;
  grpc::ServerUnaryReactor* ListAccounts(grpc::CallbackServerContext* context,
                                         const beacon::v1::ListAccountsRequest* request,
                                         beacon::v1::ListAccountsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateAccount(grpc::CallbackServerContext* context,
                                          const beacon::v1::UpdateAccountRequest* request,
                                          beacon::v1::Account* response) override;
  grpc::ServerUnaryReactor* DeleteAccount(grpc::CallbackServerContext* context,
                                          const beacon::v1::DeleteAccountRequest* request,
                                          beacon::v1::DeleteAccountResponse* response) override;
  grpc::ServerUnaryReactor* RotateKey(grpc::CallbackServerContext* context,
                                      const beacon::v1::RotateKeyRequest* request,
                                      beacon::v1::RotateKeyResponse* response) override;

 private:
  // Finishes the call with the admin check's error, or with whatever `handle` returns.
  template <typename Handler>
  grpc::ServerUnaryReactor* AsAdmin(grpc::CallbackServerContext* context, Handler handle);

  const AccountAdmin& admin_;
  const AccessPolicy& policy_;
};

}  // namespace beacon::core
