// The fan-out's shared machinery checked event by event: one encoding per event at the core, one
// frame per event and io thread at the edge (EventFrameCache), several io threads, and upgrades
// admitted without holding an io thread. No timing assertions.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "beacon/v1/tracking.grpc.pb.h"
#include "beacon_process.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "run_command.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::seconds;

struct Stored {
  std::string account;
  std::string data;
};

// Every event tracked in a test, by seq, from the answers to POST and Track.
class Ledger {
 public:
  void Add(uint64_t seq, std::string account, std::string data) {
    std::lock_guard lock(mu_);
    ASSERT_TRUE(by_seq_.emplace(seq, Stored{std::move(account), std::move(data)}).second)
        << "seq " << seq << " answered twice";
  }
  // The seqs of `accounts`' events (all when empty) above `after`, in order.
  std::vector<uint64_t> Expected(const std::set<std::string>& accounts, uint64_t after) const {
    std::lock_guard lock(mu_);
    std::vector<uint64_t> seqs;
    for (const auto& [seq, stored] : by_seq_) {
      if (seq > after && (accounts.empty() || accounts.count(stored.account) > 0)) {
        seqs.push_back(seq);
      }
    }
    return seqs;
  }
  std::map<uint64_t, Stored> All() const {
    std::lock_guard lock(mu_);
    return by_seq_;
  }

 private:
  mutable std::mutex mu_;
  std::map<uint64_t, Stored> by_seq_;
};

// Checks that `frames` are exactly the events `expected` lists, in that order, each frame holding
// that event's own account and data.
::testing::AssertionResult FramesAreExactly(const std::vector<std::string>& frames,
                                            const std::vector<uint64_t>& expected,
                                            const std::map<uint64_t, Stored>& ledger) {
  if (frames.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << frames.size() << " frames for " << expected.size() << " expected events";
  }
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto json = nlohmann::json::parse(frames[i], nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json["seq"].is_number_unsigned()) {
      return ::testing::AssertionFailure() << "frame " << i << " is not an event: " << frames[i];
    }
    const uint64_t seq = json["seq"].get<uint64_t>();
    if (seq != expected[i]) {
      return ::testing::AssertionFailure()
             << "frame " << i << " has seq " << seq << ", expected " << expected[i];
    }
    const Stored& stored = ledger.at(seq);
    if (json["account_id"] != stored.account || json["data"] != stored.data) {
      return ::testing::AssertionFailure() << "frame " << i << " (seq " << seq
                                           << ") carries another event's bytes: " << frames[i];
    }
  }
  return ::testing::AssertionSuccess();
}

class FanoutCorrectnessTest : public ::testing::Test {
 protected:
  // Two io threads whatever the machine has, and small stream batches so that responses mix
  // replayed and live events of many accounts.
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }

  int port() const { return stack_.edge_port(); }

  // Track over gRPC, the other way producers publish.
  uint64_t TrackOverGrpc(beacon::v1::Tracking::Stub& stub, const std::string& account,
                         const std::string& data) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + seconds(10));
    beacon::v1::TrackRequest request;
    request.set_account_id(account);
    request.set_data(data);
    beacon::v1::TrackResponse response;
    const grpc::Status status = stub.Track(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.event().seq();
  }

  EdgeStack stack_{EdgeStackOptions{
      {"--io_threads=2"}, {"acme", "globex", "initech"}, {"--batch_max_events=7"}}};
};

TEST_F(FanoutCorrectnessTest, EverySubscriberGetsExactlyItsEventsWithTheirOwnBytes) {
  const std::vector<std::string> accounts = {"celtra", "acme", "globex", "initech"};
  const std::vector<std::pair<std::string, std::set<std::string>>> filters = {
      {"?account=celtra", {"celtra"}},
      {"?account=acme", {"acme"}},
      {"?account=acme,globex", {"acme", "globex"}},
      {"?account=initech&account=celtra", {"celtra", "initech"}},
      {"", {}},
  };
  Ledger ledger;
  // Live subscribers, connected before anything is tracked: two per filter, so each io thread
  // serves some of each.
  std::vector<std::unique_ptr<WsSubscriber>> live;
  std::vector<std::set<std::string>> live_filters;
  for (int copy = 0; copy < 2; ++copy) {
    for (const auto& [query, filter] : filters) {
      live.push_back(std::make_unique<WsSubscriber>(port(), query));
      live_filters.push_back(filter);
    }
  }
  for (const auto& subscriber : live) ASSERT_TRUE(subscriber->WaitOpen());

  // Producers: REST and gRPC at once, events of every account, data unique per event.
  constexpr int kProducers = 4, kEventsEach = 150;
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(stack_.core_port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = beacon::v1::Tracking::NewStub(channel);
  std::atomic<int> tracked{0};
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      std::mt19937 random(p);
      for (int i = 0; i < kEventsEach; ++i) {
        const std::string& account = accounts[random() % accounts.size()];
        const std::string data = "p" + std::to_string(p) + "-" + std::to_string(i) + "-" +
                                 std::string(random() % 300, 'x');
        const uint64_t seq =
            p % 2 == 0 ? SeqOf(PostOk(port(), account, data)) : TrackOverGrpc(*stub, account, data);
        ledger.Add(seq, account, data);
        ++tracked;
      }
    });
  }
  // Resumed subscribers join while the producers run, from points already passed.
  std::vector<std::unique_ptr<WsSubscriber>> resumed;
  std::vector<std::pair<std::set<std::string>, uint64_t>> resumed_from;
  while (tracked < kProducers * kEventsEach / 2)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  {
    const std::map<uint64_t, Stored> so_far = ledger.All();
    std::vector<uint64_t> seqs;
    for (const auto& [seq, stored] : so_far) seqs.push_back(seq);
    for (size_t i = 0; i < filters.size(); ++i) {
      const uint64_t since = seqs[seqs.size() * i / filters.size()];
      resumed.push_back(std::make_unique<WsSubscriber>(
          port(), (filters[i].first.empty() ? "?" : filters[i].first + "&") +
                      "since=" + std::to_string(since)));
      resumed_from.emplace_back(filters[i].second, since);
    }
  }
  for (std::thread& producer : producers) producer.join();
  const std::map<uint64_t, Stored> all = ledger.All();
  ASSERT_EQ(all.size(), static_cast<size_t>(kProducers * kEventsEach));

  for (size_t i = 0; i < live.size(); ++i) {
    const std::vector<uint64_t> expected = ledger.Expected(live_filters[i], 0);
    EXPECT_TRUE(
        FramesAreExactly(live[i]->WaitForMessages(expected.size(), seconds(20)), expected, all))
        << "live subscriber " << i;
  }
  for (size_t i = 0; i < resumed.size(); ++i) {
    ASSERT_TRUE(resumed[i]->WaitOpen());
    const std::vector<uint64_t> expected =
        ledger.Expected(resumed_from[i].first, resumed_from[i].second);
    EXPECT_TRUE(
        FramesAreExactly(resumed[i]->WaitForMessages(expected.size(), seconds(20)), expected, all))
        << "resumed subscriber " << i << " since " << resumed_from[i].second;
  }
}

TEST_F(FanoutCorrectnessTest, ConnectionStormAllSucceedsWhileASteadySubscriberLosesNothing) {
  WsSubscriber steady(port(), "?account=celtra");
  ASSERT_TRUE(steady.WaitOpen());
  std::atomic<bool> storming{true};
  std::vector<std::string> posted;
  std::thread producer([&] {
    while (storming) {
      posted.push_back(
          PostOk(port(), "celtra", "during the storm " + std::to_string(posted.size())));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  // 3,000 WebSockets opened as fast as beacon-bench opens them, held, then closed.
  const CommandResult storm = RunCommand(
      BinaryPath("BEACON_BENCH_BIN"),
      {"idle", "--connections=3000", "--hold=1s", "--edge=127.0.0.1:" + std::to_string(port()),
       "--pid=" + std::to_string(stack_.edge().pid()), "--json"},
      seconds(90));
  storming = false;
  producer.join();
  ASSERT_EQ(storm.exit_code, 0) << storm.err;
  const auto report = nlohmann::json::parse(storm.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(report.is_object()) << storm.out;
  EXPECT_EQ(report.value("connected", -1), 3000) << storm.out;
  EXPECT_EQ(report.value("connect_failures", -1), 0) << storm.out;
  ASSERT_FALSE(posted.empty());
  EXPECT_TRUE(SameMessages(steady.WaitForMessages(posted.size(), seconds(20)), posted));
}

}  // namespace
}  // namespace beacon::testing
