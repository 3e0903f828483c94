// The core restarted (SIGTERM or SIGKILL) under two edges while producers POST through both and
// a subscriber on each edge resumes with `since`: each subscriber ends up with every
// acknowledged event exactly once, in seq order, and neither edge is restarted.
#include <stdlib.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "client_py.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "polling.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Generous bounds: the suite also runs under ASan+UBSan on two cores.
constexpr auto kLongWait = seconds(30);

// POSTs celtra events through one edge, each attempt with new data "<name>-<i>", until stopped.
// A failed attempt (503 while the core is down, ...) is not retried with the same data: an
// event whose answer was lost may still have been stored, and a retry would store it twice.
class Producer {
 public:
  Producer(int port, std::string name) : port_(port), name_(std::move(name)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Producer() { Stop(); }
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // The 200 answers, each the stored event as subscribers receive it.
  std::vector<std::string> Acknowledged() const {
    std::lock_guard lock(mu_);
    return acknowledged_;
  }
  size_t AcknowledgedCount() const {
    std::lock_guard lock(mu_);
    return acknowledged_.size();
  }
  // The data of every attempt that was not answered 200.
  std::set<std::string> Unacknowledged() const {
    std::lock_guard lock(mu_);
    return unacknowledged_;
  }

 private:
  void Run() {
    for (int i = 0; !stop_; ++i) {
      const std::string data = name_ + "-" + std::to_string(i);
      const auto result = PostEvent(port_, "celtra", data);
      {
        std::lock_guard lock(mu_);
        if (result && result->status == 200) {
          acknowledged_.push_back(result->body);
        } else {
          unacknowledged_.insert(data);
        }
      }
      std::this_thread::sleep_for(milliseconds(10));  // a steady stream, not a flood
    }
  }

  const int port_;
  const std::string name_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<std::string> acknowledged_;
  std::set<std::string> unacknowledged_;
  std::thread thread_;
};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// client.py printed at least one event after its header block.
bool PrintedAnEvent(const std::string& output) {
  const size_t header_end = output.find(kHeaderEnd);
  return header_end != std::string::npos &&
         output.find("\"seq\":", header_end) != std::string::npos;
}

std::vector<std::string> Concatenated(const std::vector<std::string>& first,
                                      const std::vector<std::string>& second) {
  std::vector<std::string> all = first;
  all.insert(all.end(), second.begin(), second.end());
  return all;
}

// `received` holds every event of `acknowledged` exactly once (byte for byte), in strictly
// increasing seq order; any other event is a celtra event whose data is one of the attempts that
// were not acknowledged (stored, but its answer lost to the restart).
::testing::AssertionResult EveryAcknowledgedEventOnceInOrder(
    const std::vector<std::string>& received, const std::vector<std::string>& acknowledged,
    const std::set<std::string>& unacknowledged) {
  uint64_t previous_seq = 0;
  std::set<std::string> seen;
  for (size_t i = 0; i < received.size(); ++i) {
    const nlohmann::json event = nlohmann::json::parse(received[i], nullptr, false);
    if (!event.is_object() || !event.contains("seq") || !event["seq"].is_number_unsigned()) {
      return ::testing::AssertionFailure()
             << "message " << i << " is not an event: " << received[i];
    }
    const uint64_t seq = event["seq"].get<uint64_t>();
    if (seq <= previous_seq) {
      return ::testing::AssertionFailure() << "message " << i << " has seq " << seq << " after seq "
                                           << previous_seq << " (duplicate or "
                                           << "out of order): " << received[i];
    }
    previous_seq = seq;
    seen.insert(received[i]);
  }
  for (const std::string& event : acknowledged) {
    if (seen.erase(event) == 0) {
      return ::testing::AssertionFailure()
             << "acknowledged event missing: " << event << " (" << received.size() << " received, "
             << acknowledged.size() << " acknowledged)";
    }
  }
  for (const std::string& extra : seen) {
    const nlohmann::json event = nlohmann::json::parse(extra);
    if (event.value("account_id", "") != "celtra" ||
        unacknowledged.count(event.value("data", "")) == 0) {
      return ::testing::AssertionFailure() << "unexpected event: " << extra;
    }
  }
  return ::testing::AssertionSuccess();
}

enum class Restart { kGraceful, kKill };

std::string RestartName(const ::testing::TestParamInfo<Restart>& info) {
  return info.param == Restart::kGraceful ? "SigtermRestart" : "SigkillRestart";
}

// How ctest's test list shows the parameter.
void PrintTo(Restart restart, std::ostream* out) {
  *out << (restart == Restart::kGraceful ? "SIGTERM" : "SIGKILL");
}

class CoreRestartTest : public ::testing::TestWithParam<Restart> {
 protected:
  void SetUp() override {
    unsetenv("PYTHONUNBUFFERED");  // client.py must flush every line itself
    ASSERT_TRUE(stack_.Start());
    ASSERT_TRUE(stack_.StartExtraEdge());
  }
  int port_a() const { return stack_.edge_port(0); }
  int port_b() const { return stack_.edge_port(1); }

  ::testing::AssertionResult RestartCore() {
    return GetParam() == Restart::kGraceful ? stack_.RestartCoreGracefully() : stack_.RestartCore();
  }

  // A WebSocket on edge B resuming after `last_seq`, as a client should after a 1012; the edge
  // refuses upgrades with 503 until its channel has reconnected to the new core.
  std::unique_ptr<WsSubscriber> ResumeOnEdgeB(uint64_t last_seq) {
    std::unique_ptr<WsSubscriber> resumed;
    PollUntil(
        [&] {
          resumed = std::make_unique<WsSubscriber>(
              port_b(), "?account=celtra&since=" + std::to_string(last_seq));
          return resumed->WaitOpen();
        },
        kLongWait, milliseconds(200));
    return resumed;
  }

  // Between the two edges (edge_flags): a POST during the outage is answered 503 within 2 s.
  EdgeStack stack_{EdgeStackOptions{{"--core_deadline_ms=2000"}, {}, {}}};
};

TEST_P(CoreRestartTest, SubscribersOnBothEdgesResumeWithEveryAcknowledgedEventOnce) {
  const pid_t pid_a = stack_.edge(0).pid();
  const pid_t pid_b = stack_.edge(1).pid();
  // client.py as a user runs it, without --since: once it has printed an event it resumes after
  // that event's seq. (With nothing printed yet it could only resume live; hence the wait for a
  // printed event before the restart below.)
  ChildProcess client(ClientArgv(ClientPath(), port_a(), {"celtra"}, {}));
  WsSubscriber ws_b(port_b(), "?account=celtra");
  ASSERT_TRUE(client.WaitForStdout(std::string(kHeaderEnd) + "\n")) << client.Stderr();
  ASSERT_TRUE(ws_b.WaitOpen());
  // Both subscriptions are registered at the core before the upgrades are answered: from here
  // on every stored celtra event is theirs.
  Producer producer_a(port_a(), "A");
  Producer producer_b(port_b(), "B");
  ASSERT_TRUE(PollUntil(
      [&] {
        return producer_a.AcknowledgedCount() >= 3 && producer_b.AcknowledgedCount() >= 3 &&
               !ws_b.Messages().empty() && PrintedAnEvent(client.Stdout());
      },
      kLongWait))
      << client.Stdout() << client.Stderr();

  ASSERT_TRUE(RestartCore());
  const size_t acknowledged_a = producer_a.AcknowledgedCount();
  const size_t acknowledged_b = producer_b.AcknowledgedCount();

  ASSERT_TRUE(ws_b.WaitClosed(kLongWait));
  EXPECT_EQ(ws_b.close_code(), 1012);
  EXPECT_FALSE(ws_b.close_reason().empty());
  const std::vector<std::string> before = ws_b.Messages();
  ASSERT_FALSE(before.empty());
  const std::unique_ptr<WsSubscriber> resumed = ResumeOnEdgeB(SeqOf(before.back()));
  ASSERT_TRUE(resumed->WaitOpen()) << "edge B did not reach the restarted core";
  // Both edges' channels reconnected: their POSTs are acknowledged again.
  ASSERT_TRUE(PollUntil(
      [&] {
        return producer_a.AcknowledgedCount() > acknowledged_a + 3 &&
               producer_b.AcknowledgedCount() > acknowledged_b + 3;
      },
      kLongWait));
  EXPECT_TRUE(PollUntil([&] { return Contains(client.Stderr(), "reconnected to"); }, kLongWait))
      << client.Stderr();
  producer_a.Stop();
  producer_b.Stop();

  // Streams are in seq order: once the newest event arrived, everything before it has.
  const std::string last = PostOk(port_a(), "celtra", "last");
  ASSERT_TRUE(client.WaitForStdout(last + "\n", kLongWait)) << client.Stdout() << client.Stderr();
  ASSERT_TRUE(PollUntil(
      [&] {
        const std::vector<std::string> messages = resumed->Messages();
        return !messages.empty() && messages.back() == last;
      },
      kLongWait));

  std::vector<std::string> acknowledged =
      Concatenated(producer_a.Acknowledged(), producer_b.Acknowledged());
  acknowledged.push_back(last);
  std::set<std::string> unacknowledged = producer_a.Unacknowledged();
  unacknowledged.merge(producer_b.Unacknowledged());
  EXPECT_TRUE(EveryAcknowledgedEventOnceInOrder(EventLinesAfterHeaderBlock(client.Stdout()),
                                                acknowledged, unacknowledged));
  EXPECT_TRUE(EveryAcknowledgedEventOnceInOrder(Concatenated(before, resumed->Messages()),
                                                acknowledged, unacknowledged));
  EXPECT_TRUE(Contains(client.Stderr(), "connection closed: code 1012")) << client.Stderr();
  EXPECT_FALSE(client.WaitExit(milliseconds(0)).has_value()) << "client.py exited";
  EXPECT_FALSE(resumed->WaitClosed(milliseconds(0))) << "resumed WebSocket closed";
  // Neither edge was restarted.
  EXPECT_TRUE(stack_.edge(0).Running());
  EXPECT_TRUE(stack_.edge(1).Running());
  EXPECT_EQ(stack_.edge(0).pid(), pid_a);
  EXPECT_EQ(stack_.edge(1).pid(), pid_b);
}

INSTANTIATE_TEST_SUITE_P(Restarts, CoreRestartTest,
                         ::testing::Values(Restart::kGraceful, Restart::kKill), RestartName);

}  // namespace
}  // namespace beacon::testing
