#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clients/bench/latency_recorder.h"

namespace beacon::bench {

// What the subscribers of one I/O thread received.
//
// Threading: written only on that thread. `delivered_so_far` mirrors `delivered` for readers
// on other threads (drain wait, progress line); everything else is read after the thread ends.
struct DeliveryTally {
  LatencyRecorder latency;     // Send (before Track or POST) to WebSocket frame read, each.
  uint64_t delivered = 0;      // Frames carrying an event of this run, first copy of each.
  uint64_t duplicates = 0;     // Further copies of an event a subscriber already had.
  uint64_t out_of_order = 0;   // Events whose seq is not above the previous one's.
  uint64_t wrong_account = 0;  // Events of an account the subscriber did not ask for.
  uint64_t malformed = 0;      // Frames that are not the event JSON.
  uint64_t foreign = 0;        // Well-formed events not sent by this run (other clients).
  std::atomic<uint64_t> delivered_so_far{0};
};

// The checks for one WebSocket subscriber: parses each frame, verifies account and seq order
// and remembers which of this run's event ids it got.
//
// Threading: used only on the I/O thread that owns the subscriber's connection; CountMissing
// and CountUnconfirmed are called after that thread ends.
class SubscriberCheck {
 public:
  void OnFrame(const std::string& payload, int64_t received_ns, std::string_view account,
               std::string_view run_tag, DeliveryTally& tally);

  // Accepted events (accepted[id]) this subscriber never received.
  uint64_t CountMissing(const std::vector<bool>& accepted) const;
  // Events of this run received although their Track call did not return OK.
  uint64_t CountUnconfirmed(const std::vector<bool>& accepted) const;

 private:
  bool Seen(uint64_t id) const;

  std::vector<uint64_t> seen_;  // Bit per event id.
  uint64_t last_seq_ = 0;
};

}  // namespace beacon::bench
