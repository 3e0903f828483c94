#pragma once

#include <cstddef>
#include <functional>

#include "edge/io_thread.h"

namespace beacon::edge {

// Counts edge->core calls whose completion has not yet run on the io thread, so that shutdown can
// wait for them. io thread only.
class InFlightCalls {
 public:
  void Begin() {
    io_thread_.Check();
    ++count_;
  }
  void End();

  // Runs `on_drained` once, as soon as no call is in flight (right away if none is).
  void NotifyWhenDrained(std::function<void()> on_drained);

  size_t count() const { return count_; }

 private:
  void MaybeNotify();

  IoThread io_thread_;
  size_t count_ = 0;
  std::function<void()> on_drained_;
};

}  // namespace beacon::edge
