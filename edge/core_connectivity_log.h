#ifndef BEACON_EDGE_CORE_CONNECTIVITY_LOG_H_
#define BEACON_EDGE_CORE_CONNECTIVITY_LOG_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "edge/core_channel.h"

namespace beacon::edge {

// Logs the channel to the core changing between connected ("core connected", info) and failing
// ("core unreachable", warning, with the state), by looking at its state once a second. IDLE and
// CONNECTING are passing states and are not logged; looking also reconnects an idle channel, as
// the next call would. gRPC's own notification needs a completion queue and a thread; a 1 s
// timer is cheaper and enough for a log.
// Threading: io thread only. Lifetime: Stop() before the io_context is expected to run out of
// work (a pending timer keeps it running); the channel must outlive this object.
class CoreConnectivityLog {
 public:
  CoreConnectivityLog(const CoreChannel& core, boost::asio::io_context& io)
      : core_(core), timer_(io) {}

  void Start();
  void Stop();

 private:
  enum class Known { kNothing, kConnected, kUnreachable };

  void Check();
  void ScheduleCheck();

  const CoreChannel& core_;
  boost::asio::steady_timer timer_;
  Known known_ = Known::kNothing;
  bool stopped_ = false;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_CORE_CONNECTIVITY_LOG_H_
