#include "jetstream/internal/stream_reader.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "jetstream/internal/event_subjects.h"
#include "jetstream/internal/nats_handles.h"
#include "jetstream/internal/nats_status.h"
#include "jetstream/internal/page_builder.h"
#include "jetstream/internal/pull_scan.h"
#include "jetstream/internal/stream_state.h"

namespace beacon::jetstream::internal {
namespace {

// The sequence of the newest message on `subject`, from the stream's leader; 0 when none.
absl::StatusOr<uint64_t> LastSeqOfSubject(const NatsConnection& connection,
                                          const std::string& subject) {
  jsOptions request = connection.RequestOptions();
  natsMsg* raw = nullptr;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  const natsStatus s =
      js_GetLastMsg(&raw, connection.js(), connection.options().stream_name.c_str(),
                    subject.c_str(), &request, &js_error);
  MsgPtr msg(raw);
  if (s == NATS_NOT_FOUND || js_error == JSNoMessageFoundErr) return 0;
  if (s != NATS_OK) {
    return NatsError(absl::StrCat("finding the last event on ", subject), s, js_error);
  }
  return natsMsg_GetSequence(raw);
}

// Offers the messages (start, range_end] one request each (answered by the leader).
absl::Status ReadDirectly(const NatsConnection& connection, uint64_t start, uint64_t range_end,
                          uint64_t known_last, PageBuilder& builder) {
  const std::string& stream = connection.options().stream_name;
  for (uint64_t seq = start + 1; seq <= range_end; ++seq) {
    jsOptions request = connection.RequestOptions();
    natsMsg* raw = nullptr;
    jsErrCode js_error = static_cast<jsErrCode>(0);
    const natsStatus s = js_GetMsg(&raw, connection.js(), stream.c_str(), seq, &request, &js_error);
    MsgPtr msg(raw);
    if (s == NATS_NOT_FOUND || js_error == JSNoMessageFoundErr) continue;  // removed
    if (s != NATS_OK) return NatsError(absl::StrCat("reading event ", seq), s, js_error);
    if (builder.Offer(seq, raw) == PageBuilder::Verdict::kDone) return absl::OkStatus();
  }
  builder.FinishAtEnd(known_last);
  return absl::OkStatus();
}

// Offers the messages of an open scan that starts after `start`.
absl::Status ReadScanned(const NatsConnection& connection, bool server_filtered, uint64_t start,
                         uint64_t known_last, PullScan& scan, PageBuilder& builder) {
  while (!scan.complete()) {
    // Fetch no more than the page can still take (messages of other accounts cost nothing
    // when the server filters).
    size_t want = std::min<size_t>(connection.options().read_batch, builder.examinable());
    if (server_filtered) want = std::min(want, builder.returnable());
    absl::StatusOr<std::vector<ScannedMessage>> batch =
        scan.Fetch(static_cast<int>(std::max<size_t>(want, 1)));
    if (!batch.ok()) return batch.status();
    for (ScannedMessage& scanned : *batch) {
      // A consumer on a copy of the stream that has not reached the start yet begins at that
      // copy's end (nats-server clamps the start sequence): skip what precedes the range.
      if (scanned.seq <= start) continue;
      if (builder.Offer(scanned.seq, scanned.msg.get()) == PageBuilder::Verdict::kDone) {
        return absl::OkStatus();
      }
    }
  }
  builder.FinishAtEnd(known_last);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StreamPage> ReadStream(const NatsConnection& connection, const StreamQuery& query) {
  const JetStreamOptions& options = connection.options();
  absl::StatusOr<StreamState> state =
      LoadStreamState(connection, options.stream_name, options.api_timeout);
  if (!state.ok()) return state.status();

  StreamPage page;
  uint64_t start = query.after;
  if (state->first_seq > start + 1) {
    page.truncated_before = state->first_seq;
    start = state->first_seq - 1;
  }
  page.last_examined = start;
  const uint64_t range_end = std::min(query.until, state->last_seq);
  if (start >= range_end) {
    page.end = true;
    return page;
  }
  if (query.max_messages == 0 || query.max_examined == 0) return page;

  const bool one_account = query.accounts.size() == 1;
  PullScanConfig config;
  config.stream = options.stream_name;
  config.start_seq = start + 1;
  if (one_account) {
    absl::StatusOr<std::string> subject = EventSubject(options, query.accounts.front());
    if (!subject.ok()) return subject.status();
    // The leader's newest message of the account bounds what the scan must deliver (and when
    // it is older than the range, nothing needs reading).
    absl::StatusOr<uint64_t> last_of_account = LastSeqOfSubject(connection, *subject);
    if (!last_of_account.ok()) return last_of_account.status();
    if (*last_of_account <= start) {
      page.end = true;
      page.last_examined = range_end;
      return page;
    }
    config.filter_subject = *std::move(subject);
    config.must_reach = std::min(query.until, *last_of_account);
  } else {
    config.filter_subject = StreamSubjects(options);
    config.must_reach = range_end;  // sequences are dense: the scan delivers this one
  }

  if (range_end - start <= static_cast<uint64_t>(options.direct_read_limit)) {
    PageBuilder builder(options, query, start, /*dense=*/true, page);
    if (absl::Status s = ReadDirectly(connection, start, range_end, state->last_seq, builder);
        !s.ok()) {
      return s;
    }
    return page;
  }
  absl::StatusOr<std::unique_ptr<PullScan>> scan = PullScan::Start(connection, config);
  if (!scan.ok()) return scan.status();
  PageBuilder builder(options, query, start, /*dense=*/!one_account, page);
  if (absl::Status s =
          ReadScanned(connection, one_account, start, state->last_seq, **scan, builder);
      !s.ok()) {
    return s;
  }
  return page;
}

}  // namespace beacon::jetstream::internal
