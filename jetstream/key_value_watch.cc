#include "jetstream/key_value_watch.h"

#include <nats/nats.h>

#include <utility>

#include "jetstream/internal/kv_entries.h"
#include "jetstream/internal/push_feed.h"

namespace beacon::jetstream {

KeyValueWatch::KeyValueWatch(const KeyValueBucket& bucket, uint64_t after_revision,
                             OnChange on_change) {
  internal::PushFeedConfig config;
  config.stream = internal::KvStreamName(bucket.bucket());
  config.filter_subject = internal::KvAllKeys(bucket.bucket());
  config.after_seq = after_revision;
  config.start_with_last_per_subject = after_revision == 0;
  config.report_gaps = false;  // superseded revisions are removed: gaps are normal
  auto deliver = [name = bucket.bucket(), on_change = std::move(on_change)](uint64_t revision,
                                                                            natsMsg* msg) {
    absl::StatusOr<std::string> key = internal::KvKeyOfSubject(name, natsMsg_GetSubject(msg));
    if (!key.ok()) return;
    KeyChange change;
    change.key = *std::move(key);
    change.revision = revision;
    if (internal::KvOperationOf(msg) == internal::KvOperation::kPut) {
      change.kind = KeyChange::Kind::kPut;
      change.value.assign(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
    } else {
      change.kind = KeyChange::Kind::kDelete;
    }
    on_change(std::move(change));
  };
  feed_ = std::make_unique<internal::PushFeed>(bucket.connection(), std::move(config),
                                               std::move(deliver), nullptr);
  feed_->Start();
}

KeyValueWatch::~KeyValueWatch() { Stop(); }

void KeyValueWatch::Stop() { feed_->Stop(); }

uint64_t KeyValueWatch::last_revision() const { return feed_->last_delivered(); }

}  // namespace beacon::jetstream
