// EventHistory (ListEvents) against a real event log (RocksDB in a temporary folder).
#include "core/event_history.h"

#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "core_logic_test_util.h"
#include "gtest/gtest.h"
#include "storage/database.h"

namespace beacon::core {
namespace {

using beacon::core::testing::AppendToLog;
using beacon::core::testing::MakeEvent;

class EventHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(dir_.path());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    for (const storage::Account& account :
         {storage::Account{"celtra", true, ""}, storage::Account{"acme", true, ""},
          storage::Account{"dormant", false, ""}}) {
      ASSERT_TRUE(database_->accounts().Create(account).ok());
    }
  }

  // Stores one event per account named, seqs first, first + 1, ...
  void Store(uint64_t first, const std::vector<std::string>& accounts,
             const std::string& data = "") {
    std::vector<EventPtr> events;
    uint64_t seq = first;
    for (const std::string& account : accounts) {
      events.push_back(MakeEvent(seq, account, data.empty() ? "event-" + std::to_string(seq) : data,
                                 1700000000 + static_cast<int64_t>(seq)));
      ++seq;
    }
    AppendToLog(database_->events(), events);
  }

  absl::StatusOr<beacon::v1::ListEventsResponse> List(
      const beacon::v1::ListEventsRequest& request) const {
    return EventHistory(database_->accounts(), database_->events(), limits_).List(request);
  }

  static beacon::v1::ListEventsRequest Request(const std::string& account_id = "",
                                               uint64_t since = 0, uint64_t until = 0,
                                               uint32_t limit = 0,
                                               const std::string& page_token = "") {
    beacon::v1::ListEventsRequest request;
    request.set_account_id(account_id);
    request.set_since(since);
    request.set_until(until);
    request.set_limit(limit);
    request.set_page_token(page_token);
    return request;
  }

  static std::vector<uint64_t> Seqs(const beacon::v1::ListEventsResponse& response) {
    std::vector<uint64_t> seqs;
    for (const beacon::v1::Event& event : response.events()) seqs.push_back(event.seq());
    return seqs;
  }
  // The seqs of the page `request` gets; a failure when it is refused.
  std::vector<uint64_t> ListSeqs(const beacon::v1::ListEventsRequest& request) const {
    const auto response = List(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? Seqs(*response) : std::vector<uint64_t>{};
  }

  beacon::testing::TempDir dir_;
  std::unique_ptr<storage::Database> database_;
  HistoryLimits limits_;
};

TEST_F(EventHistoryTest, ListsEveryAccountsEventsInSeqOrderAsStored) {
  Store(1, {"celtra", "acme", "celtra"});
  const auto response = List(Request());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(Seqs(*response), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(response->events(1).account_id(), "acme");
  EXPECT_EQ(response->events(1).data(), "event-2");
  EXPECT_EQ(response->events(1).timestamp(), 1700000002);
  EXPECT_EQ(response->next_page_token(), "");  // read to the end
  EXPECT_EQ(response->truncated_before(), 0u);
}

TEST_F(EventHistoryTest, EmptyLogGivesAnEmptyFinalPage) {
  const auto response = List(Request());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->events_size(), 0);
  EXPECT_EQ(response->next_page_token(), "");
}

TEST_F(EventHistoryTest, FiltersByAccount) {
  Store(1, {"celtra", "acme", "celtra", "acme", "acme"});
  const auto acme = List(Request("acme"));
  ASSERT_TRUE(acme.ok()) << acme.status();
  EXPECT_EQ(Seqs(*acme), (std::vector<uint64_t>{2, 4, 5}));
  for (const beacon::v1::Event& event : acme->events()) EXPECT_EQ(event.account_id(), "acme");

  // An inactive account's history is listable; it has none here.
  const auto dormant = List(Request("dormant"));
  ASSERT_TRUE(dormant.ok()) << dormant.status();
  EXPECT_EQ(dormant->events_size(), 0);
}

TEST_F(EventHistoryTest, FiltersBySeqRange) {
  Store(1, {"celtra", "acme", "celtra", "acme", "celtra", "acme"});
  // since is exclusive, until inclusive.
  EXPECT_EQ(ListSeqs(Request("", 2, 4)), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(ListSeqs(Request("", 4)), (std::vector<uint64_t>{5, 6}));  // until 0: no bound
  EXPECT_EQ(ListSeqs(Request("celtra", 1, 5)), (std::vector<uint64_t>{3, 5}));
  EXPECT_EQ(ListSeqs(Request("", 0, 1)), (std::vector<uint64_t>{1}));

  const auto inverted = List(Request("", 5, 3));
  ASSERT_TRUE(inverted.ok()) << inverted.status();
  EXPECT_EQ(inverted->events_size(), 0);
  EXPECT_EQ(inverted->next_page_token(), "");

  const auto beyond = List(Request("", 6));
  ASSERT_TRUE(beyond.ok()) << beyond.status();
  EXPECT_EQ(beyond->events_size(), 0);
  EXPECT_EQ(beyond->next_page_token(), "");
}

TEST_F(EventHistoryTest, PagesWithTheTokenUntilTheEnd) {
  Store(1, {"celtra", "acme", "celtra", "acme", "celtra", "acme", "celtra"});
  const auto first = List(Request("", 0, 0, 3));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Seqs(*first), (std::vector<uint64_t>{1, 2, 3}));
  ASSERT_FALSE(first->next_page_token().empty());

  const auto second = List(Request("", 0, 0, 3, first->next_page_token()));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Seqs(*second), (std::vector<uint64_t>{4, 5, 6}));
  ASSERT_FALSE(second->next_page_token().empty());

  const auto third = List(Request("", 0, 0, 3, second->next_page_token()));
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(Seqs(*third), (std::vector<uint64_t>{7}));
  EXPECT_EQ(third->next_page_token(), "");
}

TEST_F(EventHistoryTest, APageEndingOnTheLastEventHasNoToken) {
  Store(1, {"celtra", "acme", "celtra", "acme"});
  const auto first = List(Request("", 0, 0, 2));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->next_page_token().empty());
  const auto second = List(Request("", 0, 0, 2, first->next_page_token()));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Seqs(*second), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(second->next_page_token(), "");

  // Same with an upper bound: reaching `until` is the end of the range.
  const auto bounded = List(Request("", 0, 2, 2));
  ASSERT_TRUE(bounded.ok()) << bounded.status();
  EXPECT_EQ(Seqs(*bounded), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(bounded->next_page_token(), "");
}

TEST_F(EventHistoryTest, ExaminationLimitGivesShortPagesThatStillReachEveryEvent) {
  limits_.max_examined_per_page = 2;
  Store(1, {"acme", "celtra", "celtra", "celtra", "acme", "celtra", "acme"});
  std::vector<uint64_t> seen;
  std::vector<size_t> page_sizes;
  beacon::v1::ListEventsRequest request = Request("acme", 0, 0, 10);
  for (int pages = 0; pages < 20; ++pages) {
    const auto response = List(request);
    ASSERT_TRUE(response.ok()) << response.status();
    page_sizes.push_back(response->events_size());
    for (const beacon::v1::Event& event : response->events()) {
      EXPECT_EQ(event.account_id(), "acme");
      seen.push_back(event.seq());
    }
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 5, 7}));
  // Each call looked at two stored events at most: 1-2, 3-4, 5-6, 7.
  EXPECT_EQ(page_sizes, (std::vector<size_t>{1, 0, 1, 1}));
}

TEST_F(EventHistoryTest, LimitZeroMeansTheDefaultAndAboveTheMaximumIsRefused) {
  limits_.default_page_events = 2;
  limits_.max_page_events = 4;
  Store(1, {"celtra", "celtra", "celtra", "celtra", "celtra", "celtra"});
  EXPECT_EQ(ListSeqs(Request("", 0, 0, 0)), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(ListSeqs(Request("", 0, 0, 1)), (std::vector<uint64_t>{1}));
  EXPECT_EQ(ListSeqs(Request("", 0, 0, 4)), (std::vector<uint64_t>{1, 2, 3, 4}));
  const auto refused = List(Request("", 0, 0, 5));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message(), "limit must be at most 4");
}

TEST_F(EventHistoryTest, PageBytesBoundAPageButAPageHoldsAtLeastOneEvent) {
  limits_.max_page_bytes = 10;
  Store(1, {"celtra", "celtra", "celtra"}, "six...");  // 6 bytes each
  Store(4, {"celtra"}, std::string(25, 'x'));          // bigger than a whole page
  std::vector<std::vector<uint64_t>> pages;
  beacon::v1::ListEventsRequest request = Request();
  for (int i = 0; i < 10; ++i) {
    const auto response = List(request);
    ASSERT_TRUE(response.ok()) << response.status();
    pages.push_back(Seqs(*response));
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  EXPECT_EQ(pages, (std::vector<std::vector<uint64_t>>{{1}, {2}, {3}, {4}}));
}

TEST_F(EventHistoryTest, MalformedPageTokenIsRefused) {
  Store(1, {"celtra"});
  for (const char* token : {"abc", "-1", "1.5", "0x10", "99999999999999999999999"}) {
    const auto response = List(Request("", 0, 0, 0, token));
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_EQ(response.status().message(), "page_token is not one this service issued") << token;
  }
}

TEST_F(EventHistoryTest, PageTokenAndSinceResumeFromTheLaterOfTheTwo) {
  Store(1, {"celtra", "celtra", "celtra", "celtra", "celtra", "celtra"});
  EXPECT_EQ(ListSeqs(Request("", 4, 0, 0, "2")), (std::vector<uint64_t>{5, 6}));
  EXPECT_EQ(ListSeqs(Request("", 1, 0, 0, "3")), (std::vector<uint64_t>{4, 5, 6}));
  EXPECT_EQ(ListSeqs(Request("", 1, 5, 0, "3")), (std::vector<uint64_t>{4, 5}));
}

TEST_F(EventHistoryTest, UnknownAccountIsNotFoundAndMalformedIsInvalidArgument) {
  Store(1, {"celtra"});
  const auto unknown = List(Request("ghost"));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().message(), "Account not found: ghost");

  EXPECT_EQ(List(Request("no spaces")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(List(Request(std::string(65, 'a'))).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(EventHistoryTest, SaysWhichPartOfTheRangeRetentionDeleted) {
  Store(1, {"celtra", "acme", "celtra", "acme", "celtra", "acme"});
  ASSERT_TRUE(database_->events().DeleteThrough(3).ok());

  const auto everything = List(Request());
  ASSERT_TRUE(everything.ok()) << everything.status();
  EXPECT_EQ(Seqs(*everything), (std::vector<uint64_t>{4, 5, 6}));
  EXPECT_EQ(everything->truncated_before(), 4u);

  const auto from_one = List(Request("celtra", 1));
  ASSERT_TRUE(from_one.ok()) << from_one.status();
  EXPECT_EQ(Seqs(*from_one), (std::vector<uint64_t>{5}));
  EXPECT_EQ(from_one->truncated_before(), 4u);

  // A range that starts after the deleted prefix lost nothing.
  const auto after_gap = List(Request("", 3));
  ASSERT_TRUE(after_gap.ok()) << after_gap.status();
  EXPECT_EQ(Seqs(*after_gap), (std::vector<uint64_t>{4, 5, 6}));
  EXPECT_EQ(after_gap->truncated_before(), 0u);
}

}  // namespace
}  // namespace beacon::core
