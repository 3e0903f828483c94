#pragma once

// Internal to the jetstream library: paging through the stored events.

#include "absl/status/statusor.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/stream_query.h"

namespace beacon::jetstream::internal {

// Answers `query` like storage::EventLog::Read. One stream info request to the leader gives the
// stream's bounds (truncation, and nothing more to do when the range holds nothing). A range of
// up to direct_read_limit sequences is then read message by message from the leader; a longer
// one through an ephemeral pull consumer starting right after the range's start, read in batches
// of read_batch and deleted at the end.
//
// nats-server 2.9 consumers take one filter subject: a query for exactly one account lets the
// server filter on that account's subject (and one request for the account's newest message
// tells whether there is anything to read at all); a query for several accounts reads every
// message of the range and filters here (max_examined bounds that work). Messages whose subject
// is not an event subject are examined and never returned.
//
// A read never ends early because its consumer sits on a lagging copy of the stream: it must
// deliver the leader's last sequence of the range (for one account: the account's newest
// message), see PullScan.
absl::StatusOr<StreamPage> ReadStream(const NatsConnection& connection, const StreamQuery& query);

}  // namespace beacon::jetstream::internal
