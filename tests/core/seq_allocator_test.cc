#include "core/seq_allocator.h"

#include "beacon_process.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

using beacon::testing::TempDir;

TEST(SeqAllocatorTest, CountsFromOneAndReservesBlockByBlock) {
  TempDir dir;
  auto database = storage::Database::Open(dir.path());
  ASSERT_TRUE(database.ok()) << database.status();
  auto seqs = SeqAllocator::Create((*database)->sequence(), 10);
  ASSERT_TRUE(seqs.ok()) << seqs.status();
  for (uint64_t expected = 1; expected <= 25; ++expected) {
    EXPECT_EQ(*(*seqs)->Next(), expected);
  }
  EXPECT_EQ(*(*database)->sequence().ReservedCeiling(), 30u);
}

TEST(SeqAllocatorTest, ContinuesAboveEverythingHandedOutBeforeARestart) {
  TempDir dir;
  uint64_t last = 0;
  {
    auto database = storage::Database::Open(dir.path());
    ASSERT_TRUE(database.ok());
    auto seqs = SeqAllocator::Create((*database)->sequence(), 10);
    ASSERT_TRUE(seqs.ok());
    for (int i = 0; i < 3; ++i) last = *(*seqs)->Next();  // no clean shutdown step exists
  }
  auto database = storage::Database::Open(dir.path());
  ASSERT_TRUE(database.ok());
  auto seqs = SeqAllocator::Create((*database)->sequence(), 10);
  ASSERT_TRUE(seqs.ok());
  const uint64_t next = *(*seqs)->Next();
  EXPECT_GT(next, last);
  EXPECT_EQ(next, 11u);  // the rest of the first block is skipped
}

}  // namespace
}  // namespace beacon::core
