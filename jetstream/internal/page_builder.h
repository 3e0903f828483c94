#pragma once

// Internal to the jetstream library: a StreamPage filled from stored messages.

#include <nats/nats.h>

#include <cstddef>
#include <cstdint>

#include "jetstream/jetstream_options.h"
#include "jetstream/stream_query.h"

namespace beacon::jetstream::internal {

// Fills `page` from the stored messages of a range, offered in sequence order, applying the
// query's account filter, `until` and limits exactly as storage::EventLog::Read does: the limits
// are checked before each message, the first matching message is taken whatever its size, and
// last_examined follows every message looked at.
//
// Threading: one thread. Lifetime: `options`, `query` and `page` must outlive it.
class PageBuilder {
 public:
  enum class Verdict {
    kMore,  // offer the next message
    kDone,  // the page is full, or the range's end (`until`) was passed
  };

  // The range starts after `start`. `dense`: the messages come from a source that offers every
  // stored sequence (not filtered by the server), so a first sequence above start + 1 means the
  // ones before were removed by limits (truncated_before).
  PageBuilder(const JetStreamOptions& options, const StreamQuery& query, uint64_t start, bool dense,
              StreamPage& page)
      : options_(options), query_(query), start_(start), dense_(dense), page_(page) {}

  // `msg` is the stored message with sequence `seq` (> start, ascending between calls).
  Verdict Offer(uint64_t seq, natsMsg* msg);
  // Messages the page can still examine / return.
  size_t examinable() const { return query_.max_examined - examined_; }
  size_t returnable() const { return query_.max_messages - page_.messages.size(); }
  // Every stored message of the range has been offered: the page reaches the range's end, the
  // stream's last sequence `known_last` (as of the read's start) or `until`.
  void FinishAtEnd(uint64_t known_last);

 private:
  const JetStreamOptions& options_;
  const StreamQuery& query_;
  const uint64_t start_;
  const bool dense_;
  StreamPage& page_;
  bool first_ = true;
  size_t bytes_ = 0;
  size_t examined_ = 0;
};

}  // namespace beacon::jetstream::internal
