#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::storage {
namespace {

using beacon::testing::TempDir;

const ColumnFamilyStats* Find(const DatabaseStats& stats, const std::string& name) {
  for (const ColumnFamilyStats& cf : stats.column_families) {
    if (cf.name == name) return &cf;
  }
  return nullptr;
}

TEST(DatabaseStatsTest, ReportsEveryColumnFamilyAndGrowsWithTheLog) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<Database>> database = Database::Open(dir.path());
  ASSERT_TRUE(database.ok()) << database.status();
  const DatabaseStats before = (*database)->Stats();
  ASSERT_EQ(before.column_families.size(), 3u);
  ASSERT_NE(Find(before, "default"), nullptr);
  ASSERT_NE(Find(before, "accounts"), nullptr);
  ASSERT_NE(Find(before, "events"), nullptr);

  std::vector<std::shared_ptr<const StoredEvent>> events;
  for (uint64_t seq = 1; seq <= 1000; ++seq) {
    beacon::v1::Event event;
    event.set_seq(seq);
    event.set_account_id("celtra");
    event.set_data(std::string(200, 'x'));
    events.push_back(std::make_shared<const StoredEvent>(std::move(event)));
  }
  ASSERT_TRUE((*database)->events().Append(events, /*sync=*/false).ok());

  const DatabaseStats after = (*database)->Stats();
  EXPECT_GT(Find(after, "events")->memtable_bytes, Find(before, "events")->memtable_bytes + 200000);
  EXPECT_FALSE(after.writes_stopped);
  EXPECT_EQ(Find(after, "events")->write_stops, 0u);
}

}  // namespace
}  // namespace beacon::storage
