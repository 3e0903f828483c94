#pragma once

#include <memory>
#include <string>

#include "beacon/v1/accounts.grpc.pb.h"
#include "gtest/gtest.h"

namespace beacon::testing {

// Account administration on a plain-TCP core, through its Accounts gRPC service with the admin
// token the core wrote to DATA_DIR/admin_token. Threading: one test thread.
class CoreAdmin {
 public:
  CoreAdmin(int core_port, const std::string& core_data_dir);

  const std::string& admin_token() const { return admin_token_; }
  // Creates an active account; returns its subscriber key ("" with a test failure).
  std::string CreateAccount(const std::string& id);
  ::testing::AssertionResult DeleteAccount(const std::string& id);
  ::testing::AssertionResult SetActive(const std::string& id, bool active);

 private:
  std::unique_ptr<grpc::ClientContext> AdminContext() const;

  std::string admin_token_;
  std::unique_ptr<beacon::v1::Accounts::Stub> accounts_;
};

}  // namespace beacon::testing
