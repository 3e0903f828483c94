#ifndef BEACON_EDGE_IN_FLIGHT_CALLS_H_
#define BEACON_EDGE_IN_FLIGHT_CALLS_H_

#include <cstddef>
#include <functional>

namespace beacon::edge {

// Counts edge->core calls whose completion has not yet run on the io thread, so that shutdown can
// wait for them. io thread only.
class InFlightCalls {
 public:
  void Begin() { ++count_; }
  void End();

  // Runs `on_drained` once, as soon as no call is in flight (right away if none is).
  void NotifyWhenDrained(std::function<void()> on_drained);

  size_t count() const { return count_; }

 private:
  void MaybeNotify();

  size_t count_ = 0;
  std::function<void()> on_drained_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_IN_FLIGHT_CALLS_H_
