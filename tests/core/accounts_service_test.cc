// Account administration and access control of beacon-core, over real gRPC.
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "beacon/v1/accounts.grpc.pb.h"
#include "core_process.h"
#include "grpc_subscriber.h"
#include "gtest/gtest.h"
#include "log_lines.h"
#include "run_command.h"

namespace beacon::testing {
namespace {

using beacon::v1::Accounts;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::string content;
  std::getline(in, content);
  return content;
}

class AccountsServiceTest : public ::testing::Test {
 protected:
  void StartCore(std::vector<std::string> flags = {}) {
    core_ = std::make_unique<CoreProcess>(std::move(flags));
    ASSERT_TRUE(core_->Start()) << core_->process().error();
    accounts_ = Accounts::NewStub(core_->channel());
    if (!std::ifstream(core_->data_dir() + "/admin_token")) return;  // --admin_token_file given
    admin_token_ = ReadFile(core_->data_dir() + "/admin_token");
    ASSERT_EQ(admin_token_.size(), 64u);
  }
  void TearDown() override {
    accounts_.reset();
    core_.reset();
  }

  // A context carrying `tokens` as bearer tokens.
  static std::unique_ptr<grpc::ClientContext> With(const std::vector<std::string>& tokens) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    for (const std::string& token : tokens)
      context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }
  grpc::Status Create(const std::string& id, beacon::v1::CreateAccountResponse* response,
                      bool active = true) {
    beacon::v1::CreateAccountRequest request;
    request.set_id(id);
    if (!active) request.set_active(false);
    return accounts_->CreateAccount(With({admin_token_}).get(), request, response);
  }
  grpc::Status Track(const std::string& account, const std::vector<std::string>& tokens) {
    beacon::v1::TrackRequest request;
    request.set_account_id(account);
    request.set_data("x");
    beacon::v1::TrackResponse response;
    return core_->stub().Track(With(tokens).get(), request, &response);
  }

  std::unique_ptr<CoreProcess> core_;
  std::unique_ptr<Accounts::Stub> accounts_;
  std::string admin_token_;
};

TEST_F(AccountsServiceTest, AdminTokenIsCreatedPrivateAndRequired) {
  StartCore();
  struct stat info {};
  ASSERT_EQ(stat((core_->data_dir() + "/admin_token").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  beacon::v1::GetAccountRequest request;
  request.set_id("celtra");
  beacon::v1::Account account;
  const grpc::Status missing = accounts_->GetAccount(With({}).get(), request, &account);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(missing.error_message().find("authorization: Bearer"), std::string::npos);
  const grpc::Status wrong =
      accounts_->GetAccount(With({"not-the-token"}).get(), request, &account);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(wrong.error_message().find("not-the-token"), std::string::npos);
  ASSERT_TRUE(accounts_->GetAccount(With({admin_token_}).get(), request, &account).ok());
  EXPECT_EQ(account.id(), "celtra");
  EXPECT_TRUE(account.active());
  EXPECT_FALSE(account.has_key());
}

TEST_F(AccountsServiceTest, GivenTokenFileIsUsed) {
  TempDir dir;
  const std::string path = dir.path() + "/token";
  std::ofstream(path) << "  operator-chosen-token\n";
  StartCore({"--admin_token_file=" + path});
  beacon::v1::ListAccountsResponse listing;
  EXPECT_TRUE(accounts_
                  ->ListAccounts(With({"operator-chosen-token"}).get(),
                                 beacon::v1::ListAccountsRequest(), &listing)
                  .ok());
}

TEST_F(AccountsServiceTest, CreateGetListUpdateDeleteWithTheContractsCodes) {
  StartCore();
  beacon::v1::CreateAccountResponse created;
  ASSERT_TRUE(Create("acme", &created).ok());
  EXPECT_EQ(created.account().id(), "acme");
  EXPECT_TRUE(created.account().active());
  EXPECT_TRUE(created.account().has_key());
  EXPECT_EQ(created.subscriber_key().size(), 64u);
  EXPECT_EQ(Create("acme", &created).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Create("bad id", &created).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Create("zeta", &created, /*active=*/false).ok());
  EXPECT_FALSE(created.account().active());
  EXPECT_EQ(Track("zeta", {}).error_message(), "Account is inactive");
  EXPECT_TRUE(Track("acme", {}).ok());

  // Paging in id order: acme, celtra, test, zeta.
  beacon::v1::ListAccountsRequest list;
  list.set_page_size(3);
  beacon::v1::ListAccountsResponse page;
  ASSERT_TRUE(accounts_->ListAccounts(With({admin_token_}).get(), list, &page).ok());
  ASSERT_EQ(page.accounts_size(), 3);
  EXPECT_EQ(page.accounts(0).id(), "acme");
  EXPECT_EQ(page.accounts(2).id(), "test");
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(accounts_->ListAccounts(With({admin_token_}).get(), list, &page).ok());
  ASSERT_EQ(page.accounts_size(), 1);
  EXPECT_EQ(page.accounts(0).id(), "zeta");
  EXPECT_TRUE(page.next_page_token().empty());

  // Partial update: without `active` nothing changes; with it, the next Track sees it.
  beacon::v1::UpdateAccountRequest update;
  update.set_id("acme");
  beacon::v1::Account updated;
  ASSERT_TRUE(accounts_->UpdateAccount(With({admin_token_}).get(), update, &updated).ok());
  EXPECT_TRUE(updated.active());
  update.set_active(false);
  ASSERT_TRUE(accounts_->UpdateAccount(With({admin_token_}).get(), update, &updated).ok());
  EXPECT_FALSE(updated.active());
  EXPECT_EQ(Track("acme", {}).error_message(), "Account is inactive");
  update.set_id("nosuch");
  EXPECT_EQ(accounts_->UpdateAccount(With({admin_token_}).get(), update, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);

  beacon::v1::DeleteAccountRequest remove;
  remove.set_id("zeta");
  beacon::v1::DeleteAccountResponse removed;
  ASSERT_TRUE(accounts_->DeleteAccount(With({admin_token_}).get(), remove, &removed).ok());
  EXPECT_EQ(accounts_->DeleteAccount(With({admin_token_}).get(), remove, &removed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Track("zeta", {}).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(AccountsServiceTest, ChangesSurviveARestart) {
  StartCore();
  beacon::v1::CreateAccountResponse created;
  ASSERT_TRUE(Create("acme", &created).ok());
  beacon::v1::UpdateAccountRequest update;
  update.set_id("celtra");
  update.set_active(false);
  beacon::v1::Account updated;
  ASSERT_TRUE(accounts_->UpdateAccount(With({admin_token_}).get(), update, &updated).ok());

  accounts_.reset();
  ASSERT_TRUE(core_->KillAndRestart()) << core_->process().error();
  accounts_ = Accounts::NewStub(core_->channel());
  EXPECT_TRUE(Track("acme", {}).ok());
  EXPECT_EQ(Track("celtra", {}).error_message(), "Account is inactive");
  EXPECT_EQ(ReadFile(core_->data_dir() + "/admin_token"), admin_token_);  // kept, not replaced
}

TEST_F(AccountsServiceTest, DeletingAnAccountEndsItsStreamsWithNotFound) {
  StartCore();
  beacon::v1::CreateAccountResponse created;
  ASSERT_TRUE(Create("acme", &created).ok());
  GrpcSubscriber acme(core_->stub(), {"acme", "celtra"});
  GrpcSubscriber resuming(core_->stub(), {"acme"}, 0);
  GrpcSubscriber celtra(core_->stub(), {"celtra"});
  ASSERT_TRUE(acme.WaitAccepted());
  ASSERT_TRUE(resuming.WaitAccepted());
  ASSERT_TRUE(celtra.WaitAccepted());

  beacon::v1::DeleteAccountRequest remove;
  remove.set_id("acme");
  beacon::v1::DeleteAccountResponse removed;
  ASSERT_TRUE(accounts_->DeleteAccount(With({admin_token_}).get(), remove, &removed).ok());
  const grpc::Status ended = acme.WaitDone();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ended.error_message(), "Account deleted: acme");
  EXPECT_EQ(resuming.WaitDone().error_code(), grpc::StatusCode::NOT_FOUND);
  // Streams that do not filter on it go on.
  ASSERT_TRUE(Track("celtra", {}).ok());
  EXPECT_EQ(celtra.WaitForEvents(1).size(), 1u);
}

TEST_F(AccountsServiceTest, SubscriberKeysGuardSubscribeAndListWhenRequired) {
  StartCore({"--subscriber_auth=required"});
  beacon::v1::CreateAccountResponse acme, beta;
  ASSERT_TRUE(Create("acme", &acme).ok());
  ASSERT_TRUE(Create("beta", &beta).ok());
  const std::string acme_key = acme.subscriber_key();

  GrpcSubscriber anonymous(core_->stub(), {"acme"});
  EXPECT_EQ(anonymous.WaitDone().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  GrpcSubscriber wrong(core_->stub(), {"acme"}, std::nullopt, {beta.subscriber_key()});
  EXPECT_EQ(wrong.WaitDone().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  GrpcSubscriber one_of_two(core_->stub(), {"acme", "beta"}, std::nullopt, {acme_key});
  EXPECT_EQ(one_of_two.WaitDone().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  GrpcSubscriber everything_with_key(core_->stub(), {}, std::nullopt, {acme_key});
  EXPECT_EQ(everything_with_key.WaitDone().error_code(), grpc::StatusCode::PERMISSION_DENIED);

  GrpcSubscriber right(core_->stub(), {"acme"}, std::nullopt, {acme_key});
  GrpcSubscriber both(core_->stub(), {"acme", "beta"}, std::nullopt,
                      {acme_key, beta.subscriber_key()});
  GrpcSubscriber admin(core_->stub(), {}, std::nullopt, {admin_token_});
  EXPECT_TRUE(right.WaitAccepted());
  EXPECT_TRUE(both.WaitAccepted());
  EXPECT_TRUE(admin.WaitAccepted());
  ASSERT_TRUE(Track("acme", {}).ok());  // tracking stays open without --track_auth
  EXPECT_EQ(right.WaitForEvents(1).size(), 1u);

  beacon::v1::ListEventsRequest list;
  list.set_account_id("acme");
  beacon::v1::ListEventsResponse events;
  EXPECT_EQ(core_->stub().ListEvents(With({}).get(), list, &events).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(core_->stub().ListEvents(With({acme_key}).get(), list, &events).ok());
  EXPECT_EQ(events.events_size(), 1);

  // Rotation: the old key stops working at once, the new one works.
  beacon::v1::RotateKeyRequest rotate;
  rotate.set_id("acme");
  beacon::v1::RotateKeyResponse rotated;
  ASSERT_TRUE(accounts_->RotateKey(With({admin_token_}).get(), rotate, &rotated).ok());
  EXPECT_NE(rotated.subscriber_key(), acme_key);
  GrpcSubscriber old_key(core_->stub(), {"acme"}, std::nullopt, {acme_key});
  EXPECT_EQ(old_key.WaitDone().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  GrpcSubscriber new_key(core_->stub(), {"acme"}, std::nullopt, {rotated.subscriber_key()});
  EXPECT_TRUE(new_key.WaitAccepted());
}

TEST_F(AccountsServiceTest, TrackNeedsTheAccountsKeyWhenRequired) {
  StartCore({"--track_auth=required"});
  beacon::v1::CreateAccountResponse acme;
  ASSERT_TRUE(Create("acme", &acme).ok());
  EXPECT_EQ(Track("acme", {}).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Track("acme", {"wrong"}).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Track("acme", {acme.subscriber_key()}).ok());
  EXPECT_TRUE(Track("acme", {admin_token_}).ok());
  // Subscribing stays open without --subscriber_auth.
  GrpcSubscriber open(core_->stub(), {"acme"});
  EXPECT_TRUE(open.WaitAccepted());
}

TEST(AccountsFlagsTest, BadAuthModeIsOneClearLineAndExitTwo) {
  TempDir dir;
  const CommandResult result =
      RunCommand(BinaryPath("BEACON_CORE_BIN"),
                 {"--data_dir=" + dir.path(), "--subscriber_auth=maybe"}, std::chrono::seconds(20));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(
      IsOneLogLine(result.err, "ERROR",
                   "beacon-core: --subscriber_auth must be off or required (got \"maybe\")"));
}

}  // namespace
}  // namespace beacon::testing
