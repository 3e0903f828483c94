#pragma once

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace beacon::edge {

// Checks the "io thread only" contract that most edge classes state: every object owned by one
// EdgeWorker is touched by that worker's io thread alone, so none of them locks. The first
// checked call binds the object to its thread; a later call from any other thread aborts with a
// message. Compiled in where BEACON_CHECK_THREADS is defined (Debug and sanitizer builds, so the
// whole test suite runs with it under ASan); elsewhere it costs nothing.
//
// Threading: Check() from any thread (that is what it checks). Embed one per object as
// `IoThread io_thread_;` and call `io_thread_.Check()` at the top of its io-thread methods.
class IoThread {
 public:
  void Check() const {
#ifdef BEACON_CHECK_THREADS
    const std::thread::id me = std::this_thread::get_id();
    std::thread::id bound;  // "no thread": not bound yet
    if (owner_.compare_exchange_strong(bound, me, std::memory_order_relaxed)) return;
    if (bound == me) return;
    std::fprintf(stderr, "beacon-edge: io-thread-only object used from another thread\n");
    std::abort();
#endif
  }

 private:
#ifdef BEACON_CHECK_THREADS
  mutable std::atomic<std::thread::id> owner_{};
#endif
};

}  // namespace beacon::edge
