#include "edge/core_client/io_inbox.h"

#include <boost/asio/post.hpp>
#include <utility>

namespace beacon::edge {

void IoInbox::Post(Task task) {
  {
    absl::MutexLock lock(&mu_);
    queued_.push_back(std::move(task));
    if (run_posted_) return;
    run_posted_ = true;
  }
  boost::asio::post(io_, [this] { RunQueued(); });
}

void IoInbox::RunQueued() {
  {
    absl::MutexLock lock(&mu_);
    std::swap(running_, queued_);
    run_posted_ = false;
  }
  for (Task& task : running_) std::move(task)();
  running_.clear();
}

}  // namespace beacon::edge
