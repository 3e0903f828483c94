#pragma once

#include <boost/asio/io_context.hpp>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace beacon::edge {

// Hands work from other threads (gRPC's completion threads) to one io thread with as few
// wake-ups as possible: tasks queue under a mutex, and only the task that finds the queue empty
// posts to the io_context; the io thread then runs every task queued by then in one go. So a
// thousand streams' messages arriving together cost the io thread one wake-up, not a thousand.
//
// Threading: Post() from any thread; tasks run on the io thread, in the order they were posted.
// Lifetime: must outlive the io_context's last run(); tasks still queued when the io_context is
// destroyed are destroyed without running (as asio's own posted handlers are).
class IoInbox {
 public:
  using Task = absl::AnyInvocable<void() &&>;

  explicit IoInbox(boost::asio::io_context& io) : io_(io) {}
  IoInbox(const IoInbox&) = delete;
  IoInbox& operator=(const IoInbox&) = delete;

  void Post(Task task);

 private:
  void RunQueued();

  boost::asio::io_context& io_;
  absl::Mutex mu_;
  std::vector<Task> queued_ ABSL_GUARDED_BY(mu_);
  bool run_posted_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<Task> running_;  // io thread only; keeps its capacity between runs
};

}  // namespace beacon::edge
