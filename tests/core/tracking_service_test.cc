// beacon-core as a real process, driven through a real gRPC channel.
#include <signal.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "core_process.h"
#include "grpc_subscriber.h"
#include "gtest/gtest.h"
#include "metrics_scrape.h"

namespace beacon::testing {
namespace {

using beacon::v1::Event;
using beacon::v1::TrackResponse;

class TrackingServiceTest : public ::testing::Test {
 protected:
  void StartCore(std::vector<std::string> flags = {}) {
    core_ = std::make_unique<CoreProcess>(std::move(flags));
    ASSERT_TRUE(core_->Start()) << core_->process().error();
  }
  void SetUp() override { StartCore(); }

  std::vector<uint64_t> TrackMany(const std::string& account, int count) {
    std::vector<uint64_t> seqs;
    for (int i = 0; i < count; ++i) {
      TrackResponse response;
      const grpc::Status status = core_->Track(account, "event-" + std::to_string(i), &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      seqs.push_back(response.event().seq());
    }
    return seqs;
  }

  std::unique_ptr<CoreProcess> core_;
};

void ExpectSeqs(const std::vector<Event>& events, const std::vector<uint64_t>& seqs) {
  ASSERT_EQ(events.size(), seqs.size());
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(events[i].seq(), seqs[i]) << "at " << i;
}

TEST_F(TrackingServiceTest, TrackStampsSeqAndTimestamp) {
  TrackResponse first, second;
  const int64_t before = absl::ToUnixSeconds(absl::Now());
  ASSERT_TRUE(core_->Track("celtra", "0d599f0ec05c3bda8c3b8a68c32a1b47", &first).ok());
  ASSERT_TRUE(core_->Track("celtra", "second", &second).ok());
  const int64_t after = absl::ToUnixSeconds(absl::Now());

  EXPECT_EQ(first.event().account_id(), "celtra");
  EXPECT_EQ(first.event().data(), "0d599f0ec05c3bda8c3b8a68c32a1b47");
  EXPECT_GE(first.event().timestamp(), before);
  EXPECT_LE(first.event().timestamp(), after);
  EXPECT_GT(first.event().seq(), 0u);
  EXPECT_GT(second.event().seq(), first.event().seq());
}

TEST_F(TrackingServiceTest, TrackRefusesWithTheContractsStatusCodes) {
  struct Case {
    std::string account, data;
    grpc::StatusCode code;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"nosuchaccount", "x", grpc::StatusCode::NOT_FOUND, "Account not found"},
      {"test", "x", grpc::StatusCode::FAILED_PRECONDITION, "Account is inactive"},
      {"", "x", grpc::StatusCode::INVALID_ARGUMENT, "account id is empty"},
      {"bad!id", "x", grpc::StatusCode::INVALID_ARGUMENT, "account id may contain only"},
      {std::string(65, 'a'), "x", grpc::StatusCode::INVALID_ARGUMENT, "longer than 64"},
      {"celtra", "", grpc::StatusCode::INVALID_ARGUMENT, "data is empty"},
      {"celtra", std::string((64 << 10) + 1, 'x'), grpc::StatusCode::INVALID_ARGUMENT,
       "the limit is 65536"},
  };
  for (const Case& c : cases) {
    const grpc::Status status = core_->Track(c.account, c.data);
    EXPECT_EQ(status.error_code(), c.code) << c.account << ": " << status.error_message();
    EXPECT_NE(status.error_message().find(c.message_part), std::string::npos)
        << status.error_message();
  }
  // The exact texts of the original design.
  EXPECT_EQ(core_->Track("test", "x").error_message(), "Account is inactive");
  EXPECT_EQ(core_->Track("nosuchaccount", "x").error_message(), "Account not found");
}

// Only data over the limit says so in the trailing metadata (tracking.proto's ErrorReason).
TEST_F(TrackingServiceTest, DataOverTheLimitCarriesTheReasonDataTooLarge) {
  const auto reason_of = [&](const std::string& account, const std::string& data) {
    grpc::ClientContext context;
    beacon::v1::TrackRequest request;
    request.set_account_id(account);
    request.set_data(data);
    beacon::v1::TrackResponse response;
    const grpc::Status status = core_->stub().Track(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    const auto& trailers = context.GetServerTrailingMetadata();
    std::vector<std::string> reasons;
    for (auto [it, end] = trailers.equal_range("beacon-error-reason"); it != end; ++it) {
      reasons.emplace_back(it->second.data(), it->second.size());
    }
    return reasons;
  };
  EXPECT_EQ(reason_of("celtra", std::string((64 << 10) + 1, 'x')),
            std::vector<std::string>{"DATA_TOO_LARGE"});
  EXPECT_EQ(reason_of("celtra", ""), std::vector<std::string>{});
  EXPECT_EQ(reason_of("bad!id", "x"), std::vector<std::string>{});
}

TEST_F(TrackingServiceTest, DataLimitFollowsTheFlag) {
  StartCore({"--max_data_bytes=10"});
  EXPECT_TRUE(core_->Track("celtra", std::string(10, 'x')).ok());
  EXPECT_EQ(core_->Track("celtra", std::string(11, 'x')).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(TrackingServiceTest, SubscribersGetOnlyTheirAccountsInSeqOrder) {
  GrpcSubscriber celtra(core_->stub(), {"celtra"});
  GrpcSubscriber everything(core_->stub(), {});
  GrpcSubscriber inactive(core_->stub(), {"test"});
  ASSERT_TRUE(celtra.WaitAccepted());
  ASSERT_TRUE(everything.WaitAccepted());
  ASSERT_TRUE(inactive.WaitAccepted());

  const std::vector<uint64_t> seqs = TrackMany("celtra", 50);
  ExpectSeqs(celtra.WaitForEvents(50), seqs);
  ExpectSeqs(everything.WaitForEvents(50), seqs);
  // Both subscribers above have everything; a stray event for `test` would have arrived too.
  EXPECT_TRUE(inactive.WaitForEvents(1, std::chrono::milliseconds(200)).empty());
  EXPECT_EQ(celtra.WaitForEvents(50)[7].data(), "event-7");
}

TEST_F(TrackingServiceTest, SubscribeRefusesUnknownAndMalformedAccounts) {
  GrpcSubscriber unknown(core_->stub(), {"celtra", "nosuchaccount"});
  const grpc::Status unknown_status = unknown.WaitDone();
  EXPECT_EQ(unknown_status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(unknown_status.error_message().find("nosuchaccount"), std::string::npos);

  GrpcSubscriber malformed(core_->stub(), {"bad id"});
  EXPECT_EQ(malformed.WaitDone().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(TrackingServiceTest, ConcurrentTrackersKeepEachStreamInSeqOrder) {
  GrpcSubscriber subscriber(core_->stub(), {});
  ASSERT_TRUE(subscriber.WaitAccepted());
  std::vector<std::thread> producers;
  for (int p = 0; p < 4; ++p) {
    producers.emplace_back([this] { TrackMany("celtra", 250); });
  }
  for (auto& t : producers) t.join();
  const std::vector<Event> events = subscriber.WaitForEvents(1000);
  ASSERT_EQ(events.size(), 1000u);
  for (size_t i = 1; i < events.size(); ++i) {
    ASSERT_EQ(events[i].seq(), events[i - 1].seq() + 1) << "gap or disorder at " << i;
  }
}

TEST_F(TrackingServiceTest, ThousandConcurrentStreamsEachGetEveryEvent) {
  constexpr int kStreams = 1000;
  std::vector<std::unique_ptr<GrpcSubscriber>> subscribers;
  for (int i = 0; i < kStreams; ++i) {
    subscribers.push_back(std::make_unique<GrpcSubscriber>(
        core_->stub(),
        i % 2 == 0 ? std::vector<std::string>{"celtra"} : std::vector<std::string>{}));
  }
  for (auto& s : subscribers) ASSERT_TRUE(s->WaitAccepted(std::chrono::seconds(30)));
  const std::vector<uint64_t> seqs = TrackMany("celtra", 20);
  for (auto& s : subscribers) ExpectSeqs(s->WaitForEvents(20, std::chrono::seconds(30)), seqs);
}

TEST_F(TrackingServiceTest, SubscriberThatStopsReadingIsEndedWithBoundedMemory) {
  StartCore({"--subscriber_queue_events=256"});
  // A synchronous reader that reads nothing until told: the transport's flow-control window
  // fills, the core's writes stall and its queue for this stream overflows.
  grpc::ClientContext context;
  beacon::v1::SubscribeRequest request;
  request.add_account_ids("celtra");
  auto reader = core_->stub().Subscribe(&context, request);
  reader->WaitForInitialMetadata();

  const long rss_before = core_->process().ResidentKiB();
  const std::string payload(4096, 'p');
  std::vector<uint64_t> seqs;
  for (int i = 0; i < 20000; ++i) {  // 80 MiB of event data
    TrackResponse response;
    ASSERT_TRUE(core_->Track("celtra", payload, &response).ok());
    seqs.push_back(response.event().seq());
  }
  const long rss_after = core_->process().ResidentKiB();
  EXPECT_LT(rss_after - rss_before, 48 * 1024) << "core kept a stalled subscriber's events";

  // What the stream delivered is a gap-free prefix, and then it ends with RESOURCE_EXHAUSTED.
  beacon::v1::SubscribeResponse batch;
  size_t received = 0;
  while (reader->Read(&batch)) {
    for (const Event& event : batch.events()) {
      ASSERT_LT(received, seqs.size());
      ASSERT_EQ(event.seq(), seqs[received]);
      ++received;
    }
  }
  EXPECT_LT(received, seqs.size());
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  // ... and operators see it as a slow subscriber.
  EXPECT_EQ(Sample(ScrapeMetrics(core_->process().admin_port()),
                   "beacon_core_subscriptions_ended_total{reason=\"slow_subscriber\"}"),
            1);
}

TEST_F(TrackingServiceTest, SubscriptionsBeyondTheLimitAreRefusedUntilOneEnds) {
  StartCore({"--max_subscriptions=2"});
  auto first = std::make_unique<GrpcSubscriber>(core_->stub(), std::vector<std::string>{});
  GrpcSubscriber second(core_->stub(), {"celtra"});
  ASSERT_TRUE(first->WaitAccepted());
  ASSERT_TRUE(second.WaitAccepted());

  GrpcSubscriber refused(core_->stub(), {"celtra"});
  EXPECT_FALSE(refused.WaitAccepted());
  const grpc::Status status = refused.WaitDone();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_NE(status.error_message().find("too many subscriptions"), std::string::npos);

  first.reset();  // cancels its stream, which frees a place
  bool accepted = false;
  for (int attempt = 0; attempt < 50 && !accepted; ++attempt) {
    GrpcSubscriber again(core_->stub(), {"celtra"});
    accepted = again.WaitAccepted();
    if (!accepted) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(accepted);
}

TEST_F(TrackingServiceTest, SigtermEndsStreamsWithUnavailableAndExitsZero) {
  GrpcSubscriber subscriber(core_->stub(), {"celtra"});
  ASSERT_TRUE(subscriber.WaitAccepted());
  EXPECT_EQ(core_->process().Stop(SIGTERM), 0);
  const grpc::Status status = subscriber.WaitDone();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

TEST_F(TrackingServiceTest, RestartKeepsTheDatabaseAndSeqKeepsIncreasing) {
  // Same data folder, new process: the seeded accounts still behave, and seq continues above
  // every number the previous process handed out, after a clean stop and after a SIGKILL.
  TempDir dir;
  uint64_t previous_seq = 0;
  for (const int stop_signal : {SIGINT, SIGKILL, SIGTERM}) {
    BeaconProcess core(BinaryPath("BEACON_CORE_BIN"),
                       {"--listen=127.0.0.1:0", "--data_dir=" + dir.path()});
    ASSERT_TRUE(core.Start()) << core.error();
    {
      // The channel closes with its scope: an idle client connection would otherwise hold the
      // core's graceful shutdown until the client's backup poller notices the GOAWAY (5 s).
      auto stub = beacon::v1::Tracking::NewStub(
          grpc::CreateChannel(core.address(), grpc::InsecureChannelCredentials()));
      for (const char* account : {"test", "celtra"}) {
        grpc::ClientContext context;
        beacon::v1::TrackRequest request;
        request.set_account_id(account);
        request.set_data("x");
        TrackResponse response;
        const grpc::Status status = stub->Track(&context, request, &response);
        if (std::string(account) == "test") {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        } else {
          ASSERT_TRUE(status.ok()) << status.error_message();
          EXPECT_GT(response.event().seq(), previous_seq);
          previous_seq = response.event().seq();
        }
      }
    }
    if (stop_signal == SIGKILL) {
      core.Kill();
    } else {
      EXPECT_EQ(core.Stop(stop_signal), 0);
    }
  }
}

}  // namespace
}  // namespace beacon::testing
