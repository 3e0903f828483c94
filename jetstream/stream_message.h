#pragma once

#include <cstdint>
#include <string>

namespace beacon::jetstream {

// A message of the event stream: the event's stored bytes as published, the account it was
// published for and the sequence JetStream gave it (Beacon's seq).
struct StreamMessage {
  uint64_t seq = 0;
  std::string account;
  std::string payload;

  bool operator==(const StreamMessage& other) const {
    return seq == other.seq && account == other.account && payload == other.payload;
  }
};

}  // namespace beacon::jetstream
