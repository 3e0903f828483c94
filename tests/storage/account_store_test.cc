#include <fstream>
#include <memory>

#include "beacon_process.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::storage {
namespace {

using beacon::testing::TempDir;

std::unique_ptr<Database> OpenOrDie(const std::string& dir) {
  auto database = Database::Open(dir);
  EXPECT_TRUE(database.ok()) << database.status();
  return database.ok() ? *std::move(database) : nullptr;
}

TEST(AccountStoreTest, PutThenGetRoundTrips) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_TRUE(store->accounts().Put({"celtra", true, ""}).ok());
  ASSERT_TRUE(store->accounts().Put({"test", false, ""}).ok());

  EXPECT_EQ(*store->accounts().Get("celtra"), (Account{"celtra", true, ""}));
  EXPECT_EQ(*store->accounts().Get("test"), (Account{"test", false, ""}));
}

TEST(AccountStoreTest, UnknownAccountIsNotFound) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  const auto missing = store->accounts().Get("nobody");
  EXPECT_TRUE(absl::IsNotFound(missing.status())) << missing.status();
  EXPECT_EQ(missing.status().message(), "Account not found");
}

TEST(AccountStoreTest, PutOverwrites) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_TRUE(store->accounts().Put({"celtra", true, ""}).ok());
  ASSERT_TRUE(store->accounts().Put({"celtra", false, ""}).ok());
  EXPECT_FALSE(store->accounts().Get("celtra")->active);
}

TEST(AccountStoreTest, AccountsSurviveReopen) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    ASSERT_TRUE(store->accounts().Put({"celtra", true, ""}).ok());
  }
  auto reopened = OpenOrDie(dir.path());
  EXPECT_EQ(*reopened->accounts().Get("celtra"), (Account{"celtra", true, ""}));
}

TEST(AccountStoreTest, InitializeOnceSeedsOnlyANewDatabase) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    EXPECT_TRUE(*store->accounts().InitializeOnce({{"celtra", true, ""}, {"test", false, ""}}));
    EXPECT_EQ(*store->accounts().Get("test"), (Account{"test", false, ""}));
    // A change made after seeding must not be undone by the next start.
    ASSERT_TRUE(store->accounts().Put({"test", true, ""}).ok());
  }
  auto reopened = OpenOrDie(dir.path());
  EXPECT_FALSE(*reopened->accounts().InitializeOnce({{"celtra", true, ""}, {"test", false, ""}}));
  EXPECT_EQ(*reopened->accounts().Get("test"), (Account{"test", true, ""}));
}

TEST(AccountStoreTest, OpenFailsWithClearErrorWhenFolderIsAFile) {
  TempDir dir;
  const std::string file = dir.path() + "/not-a-folder";
  std::ofstream(file) << "x";
  const auto store = Database::Open(file);
  EXPECT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(file), absl::string_view::npos) << store.status();
}

}  // namespace
}  // namespace beacon::storage

namespace beacon::storage {
namespace {

class AccountChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
  }
  AccountStore& accounts() { return database_->accounts(); }

  beacon::testing::TempDir dir_;
  std::unique_ptr<Database> database_;
};

TEST_F(AccountChangesTest, CreateRefusesATakenIdAndKeepsTheKeyHash) {
  ASSERT_TRUE(accounts().Create({"acme", true, std::string(32, '\x7f')}).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(accounts().Create({"acme", false, ""})));
  EXPECT_EQ(*accounts().Get("acme"), (Account{"acme", true, std::string(32, '\x7f')}));
}

TEST_F(AccountChangesTest, UpdateChangesOnlyWhatItIsToldAndNeedsTheAccount) {
  ASSERT_TRUE(accounts().Create({"acme", true, "hash"}).ok());
  const absl::StatusOr<Account> updated =
      accounts().Update("acme", [](Account& a) { a.active = false; });
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(*updated, (Account{"acme", false, "hash"}));
  EXPECT_EQ(*accounts().Get("acme"), *updated);
  EXPECT_TRUE(absl::IsNotFound(accounts().Update("nosuch", [](Account&) {}).status()));
}

TEST_F(AccountChangesTest, DeleteRemovesAndReportsMissing) {
  ASSERT_TRUE(accounts().Create({"acme", true, ""}).ok());
  ASSERT_TRUE(accounts().Delete("acme").ok());
  EXPECT_TRUE(absl::IsNotFound(accounts().Get("acme").status()));
  EXPECT_TRUE(absl::IsNotFound(accounts().Delete("acme")));
}

TEST_F(AccountChangesTest, ListPagesInIdOrder) {
  for (const char* id : {"c", "a", "d", "b"}) ASSERT_TRUE(accounts().Create({id, true, ""}).ok());
  const absl::StatusOr<AccountPage> first = accounts().List("", 3);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->accounts.size(), 3u);
  EXPECT_EQ(first->accounts[0].id, "a");
  EXPECT_EQ(first->accounts[2].id, "c");
  EXPECT_TRUE(first->more);
  const absl::StatusOr<AccountPage> rest = accounts().List("c", 3);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->accounts.size(), 1u);
  EXPECT_EQ(rest->accounts[0].id, "d");
  EXPECT_FALSE(rest->more);
}

}  // namespace
}  // namespace beacon::storage
