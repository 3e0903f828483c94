#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "jetstream/stream_message.h"

namespace beacon::jetstream {

// Which stored messages a read wants, and how much one read may return or examine; the same
// semantics as storage::EventQuery, so the core can page through either backend alike.
struct StreamQuery {
  uint64_t after = 0;                                     // seq > after
  uint64_t until = std::numeric_limits<uint64_t>::max();  // seq <= until
  std::vector<std::string> accounts;                      // sorted; empty = every account
  size_t max_messages = 256;
  size_t max_bytes = 64 << 10;  // payload bytes; the first matching message is returned regardless
  // Messages looked at, matching or not. With exactly one account the server filters, and only
  // that account's messages count as looked at.
  size_t max_examined = 10000;
};

// The answer to a StreamQuery, like storage::EventPage.
struct StreamPage {
  std::vector<StreamMessage> messages;  // in seq order
  // Where the read stopped: every stored message with seq <= last_examined (and > the query's
  // `after`) has been looked at. Continue with after = last_examined.
  uint64_t last_examined = 0;
  // No stored message is left in the queried range (read to its end or to the stream's end).
  bool end = false;
  // Non-zero: messages of the range with seq below this were removed by the stream's limits
  // (the read started at the oldest kept message instead).
  uint64_t truncated_before = 0;
};

// The stream as its leader reports it.
struct StreamState {
  uint64_t first_seq = 0;  // the oldest message kept; last_seq + 1 when none is kept
  uint64_t last_seq = 0;   // the newest message ever stored; 0 for a stream never written to
  uint64_t messages = 0;
  // Name of the cluster, and server name of the stream's leader (empty while it has none);
  // both may be empty for a single server that is not clustered.
  std::string cluster;
  std::string leader;
};

}  // namespace beacon::jetstream
