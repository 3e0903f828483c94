#pragma once

#include <chrono>
#include <thread>

namespace beacon::testing {

// Calls `done` until it returns true or `timeout` passes; returns its last answer.
template <typename Predicate>
bool PollUntil(Predicate done, std::chrono::milliseconds timeout,
               std::chrono::milliseconds interval = std::chrono::milliseconds(50)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
  return true;
}

}  // namespace beacon::testing
