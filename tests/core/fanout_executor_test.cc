// FanoutExecutor hands every consumer to exactly one of its threads, exactly once.
#include "core/fanout_executor.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace beacon::core {
namespace {

class CountingConsumer : public QueueConsumer {
 public:
  void Resume() override {
    resumed_on_ = std::this_thread::get_id();
    ++resumes_;
  }
  int resumes() const { return resumes_; }
  std::thread::id resumed_on() const { return resumed_on_; }

 private:
  std::atomic<int> resumes_{0};
  std::thread::id resumed_on_;
};

TEST(FanoutExecutorTest, ResumesEveryConsumerOnceOffTheCallingThread) {
  std::vector<std::unique_ptr<CountingConsumer>> consumers(1000);
  for (auto& consumer : consumers) consumer = std::make_unique<CountingConsumer>();
  {
    FanoutExecutor executor(2, absl::Milliseconds(1));
    // Several publishes, wide and narrow, from several threads at once.
    std::vector<std::thread> publishers;
    for (int p = 0; p < 4; ++p) {
      publishers.emplace_back([&, p] {
        for (size_t at = p; at < consumers.size();) {
          std::vector<QueueConsumer*> batch;
          for (size_t n = 0; n < (at % 3 == 0 ? 64 : 1) && at < consumers.size(); ++n, at += 4) {
            batch.push_back(consumers[at].get());
          }
          executor.Resume(batch);
        }
      });
    }
    for (std::thread& publisher : publishers) publisher.join();
  }  // the destructor runs everything still queued
  for (const auto& consumer : consumers) {
    EXPECT_EQ(consumer->resumes(), 1);
    EXPECT_NE(consumer->resumed_on(), std::this_thread::get_id());
  }
}

TEST(FanoutExecutorTest, WithoutLingerAResumeRunsWhileTheCallerWaits) {
  FanoutExecutor executor(1, absl::ZeroDuration());
  class Notifying : public QueueConsumer {
   public:
    void Resume() override { done.Notify(); }
    absl::Notification done;
  } consumer;
  executor.Resume({&consumer});
  EXPECT_TRUE(consumer.done.WaitForNotificationWithTimeout(absl::Seconds(10)));
}

}  // namespace
}  // namespace beacon::core
