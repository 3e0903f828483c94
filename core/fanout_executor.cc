#include "core/fanout_executor.h"

#include <algorithm>

namespace beacon::core {

FanoutExecutor::FanoutExecutor(size_t threads, absl::Duration linger) : linger_(linger) {
  for (size_t i = 0; i < std::max<size_t>(1, threads); ++i) {
    workers_.push_back(std::make_unique<Worker>());
  }
  for (const auto& worker : workers_) {
    worker->thread = std::thread([this, &worker = *worker] { Run(worker); });
  }
}

FanoutExecutor::~FanoutExecutor() {
  for (const auto& worker : workers_) {
    absl::MutexLock lock(&worker->mu);
    worker->stopping = true;
  }
  for (const auto& worker : workers_) worker->thread.join();
}

void FanoutExecutor::Resume(const std::vector<QueueConsumer*>& consumers) {
  // Contiguous shares: one lock and at most one wake-up per thread for the whole publish.
  const size_t per_worker = (consumers.size() + workers_.size() - 1) / workers_.size();
  for (size_t w = 0, at = 0; w < workers_.size() && at < consumers.size(); ++w) {
    const size_t end = std::min(consumers.size(), at + per_worker);
    absl::MutexLock lock(&workers_[w]->mu);
    workers_[w]->queued.insert(workers_[w]->queued.end(), consumers.begin() + at,
                               consumers.begin() + end);
    at = end;
  }
}

void FanoutExecutor::Run(Worker& worker) const {
  std::vector<QueueConsumer*> running;
  absl::Time last_wide_round = absl::InfinitePast();
  while (true) {
    if (const absl::Time linger_until = last_wide_round + linger_; absl::Now() < linger_until) {
      // Woken again soon after a wide round: let the streams gather more events first.
      absl::MutexLock lock(&worker.mu);
      worker.mu.AwaitWithDeadline(absl::Condition(
                                      +[](Worker* w) { return w->stopping; }, &worker),
                                  linger_until);
    }
    {
      absl::MutexLock lock(&worker.mu);
      worker.mu.Await(absl::Condition(
          +[](Worker* w) { return !w->queued.empty() || w->stopping; }, &worker));
      if (worker.queued.empty()) return;  // stopping, and everything handed over has run
      std::swap(running, worker.queued);
    }
    if (running.size() >= kWideFanout) last_wide_round = absl::Now();
    for (QueueConsumer* consumer : running) consumer->Resume();
    running.clear();
  }
}

}  // namespace beacon::core
