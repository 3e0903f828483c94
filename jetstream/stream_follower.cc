#include "jetstream/stream_follower.h"

#include <utility>

#include "jetstream/internal/event_subjects.h"
#include "jetstream/internal/push_feed.h"

namespace beacon::jetstream {

StreamFollower::StreamFollower(JetStreamClient& client, uint64_t after_seq, OnMessage on_message,
                               OnGap on_gap)
    : options_(client.options()) {
  internal::PushFeedConfig config;
  config.stream = options_.stream_name;
  config.filter_subject = StreamSubjects(options_);
  config.after_seq = after_seq;
  config.report_gaps = true;
  auto deliver = [this, on_message = std::move(on_message)](uint64_t seq, natsMsg* msg) {
    absl::StatusOr<std::string> account =
        internal::AccountOfSubject(options_, natsMsg_GetSubject(msg));
    if (!account.ok()) {
      foreign_messages_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    StreamMessage message;
    message.seq = seq;
    message.account = *std::move(account);
    message.payload.assign(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
    on_message(std::move(message));
  };
  auto gap = [on_gap = std::move(on_gap)](uint64_t first, uint64_t last) {
    if (on_gap) on_gap(first, last);
  };
  feed_ = std::make_unique<internal::PushFeed>(*client.connection_, std::move(config),
                                               std::move(deliver), std::move(gap));
  feed_->Start();
}

StreamFollower::~StreamFollower() { Stop(); }

void StreamFollower::Stop() { feed_->Stop(); }

uint64_t StreamFollower::last_delivered() const { return feed_->last_delivered(); }
uint64_t StreamFollower::last_known() const { return feed_->last_known(); }
uint64_t StreamFollower::restarts() const { return feed_->restarts(); }
uint64_t StreamFollower::foreign_messages() const {
  return foreign_messages_.load(std::memory_order_relaxed);
}

}  // namespace beacon::jetstream
