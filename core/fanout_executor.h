#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "core/subscription_hub.h"

namespace beacon::core {

// Resumes the consumers a publish woke (QueueConsumer::Resume, i.e. their next stream write) on
// threads of its own: the committing thread goes on to store the next group and answer Track at
// once, and a wide fan-out (a thousand streams woken by one event) is spread over the cores
// instead of being written one stream after another on one thread. While the threads are busy,
// the consumers they have not reached yet keep collecting events, so under load each stream
// message carries more of them.
//
// Threading: Resume() from any thread; each consumer handed over is resumed exactly once, on one
// of the threads, in the order handed over per thread. Lifetime: the destructor resumes
// everything still queued, then joins; consumers must stay valid until resumed (they do: a
// consumer whose token is held cannot finish, see SubscriptionQueue).
class FanoutExecutor {
 public:
  explicit FanoutExecutor(size_t threads);
  ~FanoutExecutor();
  FanoutExecutor(const FanoutExecutor&) = delete;
  FanoutExecutor& operator=(const FanoutExecutor&) = delete;

  // The caller holds each consumer's token and hands it over here.
  void Resume(const std::vector<QueueConsumer*>& consumers);

 private:
  struct Worker {
    absl::Mutex mu;
    std::vector<QueueConsumer*> queued ABSL_GUARDED_BY(mu);
    bool stopping ABSL_GUARDED_BY(mu) = false;
    std::thread thread;
  };

  static void Run(Worker& worker);

  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace beacon::core
