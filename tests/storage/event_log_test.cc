#include "storage/event_log.h"

#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::storage {
namespace {

using beacon::testing::TempDir;
using EventPtr = std::shared_ptr<const StoredEvent>;

EventPtr Make(uint64_t seq, const std::string& account, int64_t timestamp = 1000,
              std::string data = "") {
  beacon::v1::Event event;
  event.set_seq(seq);
  event.set_account_id(account);
  event.set_timestamp(timestamp);
  event.set_data(data.empty() ? "event-" + std::to_string(seq) : std::move(data));
  return std::make_shared<const StoredEvent>(std::move(event));
}

std::vector<uint64_t> Seqs(const EventPage& page) {
  std::vector<uint64_t> seqs;
  for (const auto& event : page.events) seqs.push_back(event.seq());
  return seqs;
}

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    database_.reset();
    auto database = Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
  }
  EventLog& log() { return database_->events(); }
  EventPage Read(const EventQuery& query) {
    absl::StatusOr<EventPage> page = log().Read(query);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *std::move(page) : EventPage();
  }

  TempDir dir_;
  std::unique_ptr<Database> database_;
};

TEST_F(EventLogTest, AppendedEventsReadBackInSeqOrderAfterReopen) {
  EXPECT_EQ(*log().NewestSeq(), 0u);
  ASSERT_TRUE(log().Append({Make(3, "celtra", 7, "payload"), Make(9, "acme")}, false).ok());
  ASSERT_TRUE(log().Append({Make(300, "celtra")}, true).ok());
  Reopen();
  EXPECT_EQ(*log().NewestSeq(), 300u);
  const EventPage page = Read({});
  EXPECT_EQ(Seqs(page), (std::vector<uint64_t>{3, 9, 300}));
  EXPECT_EQ(page.events[0].account_id(), "celtra");
  EXPECT_EQ(page.events[0].event().timestamp(), 7);
  EXPECT_EQ(page.events[0].data(), "payload");
  EXPECT_TRUE(page.end);
  EXPECT_EQ(page.last_examined, 300u);
  EXPECT_EQ(page.truncated_before, 0u);
}

TEST_F(EventLogTest, ReadHonoursRangeFilterAndEveryBound) {
  std::vector<EventPtr> events;
  for (uint64_t seq = 1; seq <= 20; ++seq)
    events.push_back(Make(seq, seq % 5 == 0 ? "acme" : "celtra"));
  ASSERT_TRUE(log().Append(events, false).ok());

  EventQuery range;
  range.after = 4;
  range.until = 8;
  EXPECT_EQ(Seqs(Read(range)), (std::vector<uint64_t>{5, 6, 7, 8}));
  EXPECT_TRUE(Read(range).end);

  EventQuery acme;
  acme.account_ids = {"acme"};
  EXPECT_EQ(Seqs(Read(acme)), (std::vector<uint64_t>{5, 10, 15, 20}));

  EventQuery few;
  few.max_events = 3;
  const EventPage first = Read(few);
  EXPECT_EQ(Seqs(first), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_FALSE(first.end);
  EXPECT_EQ(first.last_examined, 3u);

  EventQuery small;
  small.max_bytes = 15;  // "event-1" is 7 bytes: two fit, the third would not
  EXPECT_EQ(Seqs(Read(small)), (std::vector<uint64_t>{1, 2}));
  small.max_bytes = 1;  // the first event goes alone, whatever its size
  EXPECT_EQ(Seqs(Read(small)), (std::vector<uint64_t>{1}));

  EventQuery examined;
  examined.account_ids = {"acme"};
  examined.max_examined = 7;
  const EventPage partial = Read(examined);
  EXPECT_EQ(Seqs(partial), (std::vector<uint64_t>{5}));
  EXPECT_FALSE(partial.end);
  EXPECT_EQ(partial.last_examined, 7u);  // continue after 7
}

TEST_F(EventLogTest, DeleteThroughRemovesExactlyThePrefixAndReadsSayWhere) {
  std::vector<EventPtr> events;
  for (uint64_t seq = 1; seq <= 10; ++seq) events.push_back(Make(seq, "celtra"));
  ASSERT_TRUE(log().Append(events, false).ok());
  ASSERT_TRUE(log().DeleteThrough(4).ok());
  ASSERT_TRUE(log().DeleteThrough(2).ok());  // never moves back
  Reopen();
  EXPECT_EQ(*log().DeletedThrough(), 4u);

  const EventPage from_start = Read({});
  EXPECT_EQ(Seqs(from_start), (std::vector<uint64_t>{5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(from_start.truncated_before, 5u);
  EventQuery from_four;
  from_four.after = 4;
  EXPECT_EQ(Read(from_four).truncated_before, 0u);
  EXPECT_EQ(Read(from_four).events.size(), 6u);
  EventQuery deleted_range;
  deleted_range.until = 3;
  const EventPage gone = Read(deleted_range);
  EXPECT_TRUE(gone.events.empty());
  EXPECT_TRUE(gone.end);
  EXPECT_EQ(gone.truncated_before, 5u);
}

TEST_F(EventLogTest, LastSeqBeforeFindsTheLeadingRunOfOlderEvents) {
  ASSERT_TRUE(log()
                  .Append({Make(1, "celtra", 100), Make(2, "celtra", 100), Make(3, "celtra", 101),
                           Make(4, "celtra", 105)},
                          false)
                  .ok());
  EXPECT_EQ(*log().LastSeqBefore(100, 100), 0u);
  EXPECT_EQ(*log().LastSeqBefore(101, 100), 2u);
  EXPECT_EQ(*log().LastSeqBefore(106, 100), 4u);
  EXPECT_EQ(*log().LastSeqBefore(106, 3), 3u);  // examined at most three
  ASSERT_TRUE(log().DeleteThrough(2).ok());
  EXPECT_EQ(*log().LastSeqBefore(101, 100), 2u);  // nothing newer is older: the mark itself
}

}  // namespace
}  // namespace beacon::storage
