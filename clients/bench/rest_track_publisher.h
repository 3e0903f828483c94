#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "clients/bench/host_port.h"
#include "clients/bench/rest_poster.h"
#include "clients/bench/track_publisher.h"

namespace beacon::bench {

// Publishes by POST /tracking/{account} with {"data": ...} on beacon-edge, over `connections`
// RestPosters (HTTP/1.1, kept alive while the edge allows it) spread over two I/O threads of
// its own. Each request has a connection to itself; the one used most recently is reused
// first, so a low rate keeps using the same few connections. A non-200 answer, a connection
// error, a timeout or an answer that does not echo the account and data counts as a failure.
//
// Threading: as TrackPublisher; `done` runs on one of the I/O threads. Publish() blocks while
// all `connections` are busy. Lifetime: destroy it only after the last `done` has returned;
// the destructor stops and joins the I/O threads.
class RestTrackPublisher : public TrackPublisher {
 public:
  static absl::StatusOr<std::unique_ptr<RestTrackPublisher>> Create(const HostPort& edge,
                                                                    std::string account,
                                                                    int connections);
  ~RestTrackPublisher() override;
  RestTrackPublisher(const RestTrackPublisher&) = delete;
  RestTrackPublisher& operator=(const RestTrackPublisher&) = delete;

  void Publish(std::string data, Done done) override;

 private:
  struct Connection;

  RestTrackPublisher(const RestPosterOptions& poster_options, std::string account, int connections);
  std::string ErrorOf(const RestPostResult& result, const std::string& data) const;

  const std::string account_;
  const std::string path_;
  std::vector<std::unique_ptr<boost::asio::io_context>> ios_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      work_guards_;
  std::vector<std::unique_ptr<Connection>> connections_;
  absl::Mutex mutex_;
  std::vector<Connection*> idle_ ABSL_GUARDED_BY(mutex_);  // The top is used next.
  std::vector<std::thread> threads_;
};

}  // namespace beacon::bench
