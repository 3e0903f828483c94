#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/subscription_hub.h"

namespace beacon::core {

// Resumes the consumers a publish woke (QueueConsumer::Resume, i.e. their next stream write) on
// threads of its own: the committing thread goes on to store the next group and answer Track at
// once, and a wide fan-out (a thousand streams woken by one event) is spread over the cores
// instead of being written one stream after another on one thread. While the threads are busy,
// the consumers they have not reached yet keep collecting events, so under load each stream
// message carries more of them.
//
// Linger: a thread that resumed a wide fan-out (kWideFanout streams or more) less than `linger`
// ago waits until `linger` has passed before its next round. So when events come faster than one
// per `linger`, each woken stream gets one message per `linger` carrying all its events, instead
// of one message per event: a message costs far more than an event in it. Narrow fan-outs (a few
// subscribers) and infrequent ones are never delayed. Zero: no linger.
//
// Threading: Resume() from any thread; each consumer handed over is resumed exactly once, on one
// of the threads, in the order handed over per thread. Lifetime: the destructor resumes
// everything still queued, then joins; consumers must stay valid until resumed (they do: a
// consumer whose token is held cannot finish, see SubscriptionQueue).
class FanoutExecutor {
 public:
  static constexpr size_t kWideFanout = 32;

  FanoutExecutor(size_t threads, absl::Duration linger);
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

  void Run(Worker& worker) const;

  const absl::Duration linger_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace beacon::core
