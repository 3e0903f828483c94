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
  ASSERT_TRUE(store->accounts().Put({"celtra", true}).ok());
  ASSERT_TRUE(store->accounts().Put({"test", false}).ok());

  EXPECT_EQ(*store->accounts().Get("celtra"), (Account{"celtra", true}));
  EXPECT_EQ(*store->accounts().Get("test"), (Account{"test", false}));
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
  ASSERT_TRUE(store->accounts().Put({"celtra", true}).ok());
  ASSERT_TRUE(store->accounts().Put({"celtra", false}).ok());
  EXPECT_FALSE(store->accounts().Get("celtra")->active);
}

TEST(AccountStoreTest, AccountsSurviveReopen) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    ASSERT_TRUE(store->accounts().Put({"celtra", true}).ok());
  }
  auto reopened = OpenOrDie(dir.path());
  EXPECT_EQ(*reopened->accounts().Get("celtra"), (Account{"celtra", true}));
}

TEST(AccountStoreTest, InitializeOnceSeedsOnlyANewDatabase) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    EXPECT_TRUE(*store->accounts().InitializeOnce({{"celtra", true}, {"test", false}}));
    EXPECT_EQ(*store->accounts().Get("test"), (Account{"test", false}));
    // A change made after seeding must not be undone by the next start.
    ASSERT_TRUE(store->accounts().Put({"test", true}).ok());
  }
  auto reopened = OpenOrDie(dir.path());
  EXPECT_FALSE(*reopened->accounts().InitializeOnce({{"celtra", true}, {"test", false}}));
  EXPECT_EQ(*reopened->accounts().Get("test"), (Account{"test", true}));
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
