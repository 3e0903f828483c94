#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core_admin.h"
#include "edge_stack.h"
#include "gtest/gtest.h"

namespace beacon::testing {

// Fixture: a core and edge whose core runs with `core_flags` (the auth modes under test), and two
// accounts created through the Accounts service, `acme` and `other`, with their subscriber keys.
// Threading: use from the test thread. Lifetime: one per test.
class KeyedAccountsTest : public ::testing::Test {
 protected:
  explicit KeyedAccountsTest(std::vector<std::string> core_flags)
      : stack_(EdgeStackOptions{{}, {}, std::move(core_flags)}) {}

  void SetUp() override {
    ASSERT_TRUE(stack_.Start());
    admin_ = std::make_unique<CoreAdmin>(stack_.core_port(), stack_.core_data_dir());
    acme_key_ = admin_->CreateAccount("acme");
    other_key_ = admin_->CreateAccount("other");
    ASSERT_FALSE(acme_key_.empty());
    ASSERT_FALSE(other_key_.empty());
  }

  EdgeStack stack_;
  std::unique_ptr<CoreAdmin> admin_;
  std::string acme_key_;
  std::string other_key_;
};

}  // namespace beacon::testing
