#include "edge/in_flight_calls.h"

#include <utility>

namespace beacon::edge {

void InFlightCalls::End() {
  io_thread_.Check();
  if (count_ > 0) --count_;
  MaybeNotify();
}

void InFlightCalls::NotifyWhenDrained(std::function<void()> on_drained) {
  io_thread_.Check();
  on_drained_ = std::move(on_drained);
  MaybeNotify();
}

void InFlightCalls::MaybeNotify() {
  if (count_ != 0 || !on_drained_) return;
  const std::function<void()> on_drained = std::exchange(on_drained_, nullptr);
  on_drained();
}

}  // namespace beacon::edge
