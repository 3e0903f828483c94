#include "core_admin.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <fstream>

namespace beacon::testing {

CoreAdmin::CoreAdmin(int core_port, const std::string& core_data_dir)
    : accounts_(beacon::v1::Accounts::NewStub(grpc::CreateChannel(
          "127.0.0.1:" + std::to_string(core_port), grpc::InsecureChannelCredentials()))) {
  std::ifstream token_file(core_data_dir + "/admin_token");
  std::getline(token_file, admin_token_);
  EXPECT_FALSE(admin_token_.empty()) << "no admin token in " << core_data_dir;
}

std::unique_ptr<grpc::ClientContext> CoreAdmin::AdminContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context->AddMetadata("authorization", "Bearer " + admin_token_);
  return context;
}

std::string CoreAdmin::CreateAccount(const std::string& id) {
  beacon::v1::CreateAccountRequest request;
  request.set_id(id);
  beacon::v1::CreateAccountResponse response;
  const grpc::Status status = accounts_->CreateAccount(AdminContext().get(), request, &response);
  if (!status.ok()) {
    ADD_FAILURE() << "CreateAccount " << id << ": " << status.error_message();
    return "";
  }
  return response.subscriber_key();
}

::testing::AssertionResult CoreAdmin::DeleteAccount(const std::string& id) {
  beacon::v1::DeleteAccountRequest request;
  request.set_id(id);
  beacon::v1::DeleteAccountResponse response;
  const grpc::Status status = accounts_->DeleteAccount(AdminContext().get(), request, &response);
  if (!status.ok()) return ::testing::AssertionFailure() << status.error_message();
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult CoreAdmin::SetActive(const std::string& id, bool active) {
  beacon::v1::UpdateAccountRequest request;
  request.set_id(id);
  request.set_active(active);
  beacon::v1::Account account;
  const grpc::Status status = accounts_->UpdateAccount(AdminContext().get(), request, &account);
  if (!status.ok()) return ::testing::AssertionFailure() << status.error_message();
  return ::testing::AssertionSuccess();
}

}  // namespace beacon::testing
