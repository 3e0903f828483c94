#include "storage/sequence_store.h"

#include <memory>

#include "beacon_process.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::storage {
namespace {

using beacon::testing::TempDir;

TEST(SequenceStoreTest, NewDatabaseHasReservedNothing) {
  TempDir dir;
  auto database = Database::Open(dir.path());
  ASSERT_TRUE(database.ok()) << database.status();
  EXPECT_EQ(*(*database)->sequence().ReservedCeiling(), 0u);
}

TEST(SequenceStoreTest, ReservationSurvivesReopen) {
  TempDir dir;
  {
    auto database = Database::Open(dir.path());
    ASSERT_TRUE(database.ok()) << database.status();
    ASSERT_TRUE((*database)->sequence().Reserve(65536).ok());
    ASSERT_TRUE((*database)->sequence().Reserve(1ull << 40).ok());  // needs all eight bytes
  }
  auto reopened = Database::Open(dir.path());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(*(*reopened)->sequence().ReservedCeiling(), 1ull << 40);
}

}  // namespace
}  // namespace beacon::storage
