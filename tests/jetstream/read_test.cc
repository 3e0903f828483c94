// Reading the stream back like storage::EventLog::Read: account filters, bounds, page limits and
// truncation by the stream's limits.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jetstream/jetstream_client.h"
#include "jetstream_test_env.h"
#include "nats_cluster.h"

namespace beacon::jetstream {
namespace {

using beacon::testing::NatsCluster;
using testing::ConnectWhenReady;
using testing::OptionsFor;
using testing::PublishAndWait;
using testing::ReadAll;

std::vector<uint64_t> Seqs(const std::vector<StreamMessage>& messages) {
  std::vector<uint64_t> seqs;
  for (const StreamMessage& m : messages) seqs.push_back(m.seq);
  return seqs;
}

// Run with both ways of reading: message by message from the leader (the ranges here are
// short), and through a consumer.
enum class ReadPath { kDirect, kConsumer };

class JetStreamReadTest : public ::testing::TestWithParam<ReadPath> {
 protected:
  void SetUp() override {
    cluster_ = NatsCluster::StartSingle();
    ASSERT_NE(cluster_, nullptr);
    client_ = Connect(Options());
    ASSERT_NE(client_, nullptr);
  }

  JetStreamOptions Options() const {
    JetStreamOptions options = OptionsFor(*cluster_, 1);
    options.direct_read_limit = GetParam() == ReadPath::kDirect ? 100 : 0;
    return options;
  }

  std::unique_ptr<JetStreamClient> Connect(const JetStreamOptions& options) {
    absl::StatusOr<std::unique_ptr<JetStreamClient>> client = ConnectWhenReady(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  // Seqs 1..count for accounts a, b, c.d, a, b, c.d, ...; payloads of 11 bytes.
  void PublishRoundRobin(JetStreamClient& client, int count) {
    const std::string accounts[] = {"a", "b", "c.d"};
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(PublishAndWait(client, accounts[i % 3], absl::StrCat("payload-", i % 10, "xx"),
                                 absl::StrCat("id-", i))
                      .ok());
    }
  }

  absl::StatusOr<StreamPage> Read(StreamQuery query) { return client_->Read(query); }

  std::unique_ptr<NatsCluster> cluster_;
  std::unique_ptr<JetStreamClient> client_;
};

TEST_P(JetStreamReadTest, FiltersOneAccountOnTheServer) {
  PublishRoundRobin(*client_, 12);
  StreamQuery query;
  query.accounts = {"b"};
  absl::StatusOr<StreamPage> page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{2, 5, 8, 11}));
  for (const StreamMessage& m : page->messages) EXPECT_EQ(m.account, "b");
  EXPECT_TRUE(page->end);
  EXPECT_EQ(page->last_examined, 12u);
  EXPECT_EQ(page->truncated_before, 0u);
}

TEST_P(JetStreamReadTest, FiltersSeveralAccountsInTheClient) {
  PublishRoundRobin(*client_, 12);
  StreamQuery query;
  query.accounts = {"a", "c.d"};
  absl::StatusOr<StreamPage> page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{1, 3, 4, 6, 7, 9, 10, 12}));
  EXPECT_EQ(page->messages[1].account, "c.d");
  EXPECT_TRUE(page->end);
  EXPECT_EQ(page->last_examined, 12u);
}

TEST_P(JetStreamReadTest, RespectsAfterAndUntil) {
  PublishRoundRobin(*client_, 12);
  StreamQuery query;
  query.after = 3;
  query.until = 8;
  absl::StatusOr<StreamPage> page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{4, 5, 6, 7, 8}));
  EXPECT_TRUE(page->end);
  EXPECT_EQ(page->last_examined, 8u);

  query.accounts = {"c.d"};
  page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{6}));
  EXPECT_TRUE(page->end);
  EXPECT_EQ(page->last_examined, 8u);

  query.after = 12;  // nothing after the newest
  query.until = std::numeric_limits<uint64_t>::max();
  page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->messages.empty());
  EXPECT_TRUE(page->end);
  EXPECT_EQ(page->last_examined, 12u);
}

TEST_P(JetStreamReadTest, StopsAtMaxMessagesAndContinuesFromLastExamined) {
  PublishRoundRobin(*client_, 12);
  StreamQuery query;
  query.max_messages = 5;
  absl::StatusOr<StreamPage> page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_FALSE(page->end);
  EXPECT_EQ(page->last_examined, 5u);

  query.after = page->last_examined;
  query.max_messages = 100;
  page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->messages.front().seq, 6u);
  EXPECT_EQ(page->messages.size(), 7u);
  EXPECT_TRUE(page->end);
}

TEST_P(JetStreamReadTest, StopsAtMaxBytesButReturnsTheFirstMessageRegardless) {
  PublishRoundRobin(*client_, 6);  // 11-byte payloads
  StreamQuery query;
  query.max_bytes = 25;
  absl::StatusOr<StreamPage> page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{1, 2}));
  EXPECT_FALSE(page->end);
  EXPECT_EQ(page->last_examined, 2u);

  query.max_bytes = 1;
  page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{1}));
}

TEST_P(JetStreamReadTest, StopsAtMaxExaminedCountingOtherAccounts) {
  PublishRoundRobin(*client_, 12);
  StreamQuery query;
  query.accounts = {"a", "b"};
  query.max_examined = 4;
  absl::StatusOr<StreamPage> page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{1, 2, 4}));
  EXPECT_FALSE(page->end);
  EXPECT_EQ(page->last_examined, 4u);

  query.accounts = {"a", "c.d"};
  query.max_examined = 3;
  absl::StatusOr<std::vector<StreamMessage>> all = ReadAll(*client_, query);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(Seqs(*all), (std::vector<uint64_t>{1, 3, 4, 6, 7, 9, 10, 12}));
}

TEST_P(JetStreamReadTest, EmptyStreamIsAtItsEnd) {
  absl::StatusOr<StreamPage> page = Read(StreamQuery());
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->messages.empty());
  EXPECT_TRUE(page->end);
  EXPECT_EQ(page->truncated_before, 0u);
  absl::StatusOr<StreamState> state = client_->GetStreamState();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->last_seq, 0u);
  EXPECT_EQ(state->first_seq, 1u);
}

TEST_P(JetStreamReadTest, ReportsMessagesRemovedByTheMaxMessagesLimit) {
  PublishRoundRobin(*client_, 4);
  // Reconnecting with a limit updates the existing stream's configuration.
  client_.reset();
  JetStreamOptions limited = Options();
  limited.max_messages = 5;
  client_ = Connect(limited);
  ASSERT_NE(client_, nullptr);
  for (int i = 4; i < 10; ++i) {
    ASSERT_TRUE(PublishAndWait(*client_, "a", "x", absl::StrCat("id-", i)).ok());
  }
  absl::StatusOr<StreamState> state = client_->GetStreamState();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->first_seq, 6u);
  EXPECT_EQ(state->last_seq, 10u);

  StreamQuery query;
  absl::StatusOr<StreamPage> page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->truncated_before, 6u);
  EXPECT_EQ(Seqs(page->messages), (std::vector<uint64_t>{6, 7, 8, 9, 10}));
  EXPECT_TRUE(page->end);

  query.after = 5;  // exactly where the kept messages begin: nothing lost
  page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->truncated_before, 0u);
  EXPECT_EQ(page->messages.size(), 5u);

  query.after = 2;
  query.accounts = {"b"};
  page = Read(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->truncated_before, 6u);
  EXPECT_TRUE(page->messages.empty());
  EXPECT_TRUE(page->end);
}

INSTANTIATE_TEST_SUITE_P(Paths, JetStreamReadTest,
                         ::testing::Values(ReadPath::kDirect, ReadPath::kConsumer),
                         [](const ::testing::TestParamInfo<ReadPath>& info) {
                           return info.param == ReadPath::kDirect ? "Direct" : "Consumer";
                         });

}  // namespace
}  // namespace beacon::jetstream
