#include "jetstream/internal/push_feed.h"

#include <algorithm>
#include <utility>

#include "jetstream/internal/nats_status.h"
#include "jetstream/internal/pull_scan.h"
#include "jetstream/internal/stream_state.h"

namespace beacon::jetstream::internal {
namespace {

constexpr int64_t kReceiveWaitMs = 100;  // also how fast Stop() is noticed
constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(2);
// How long the server keeps a consumer nobody listens to (the process died or reconnects).
constexpr absl::Duration kInactiveThreshold = absl::Seconds(30);
// Messages the client may hold for the feed before the server is considered too fast (the
// consumer is then recreated after the last delivered message).
constexpr int kMaxQueuedMessages = 65536;
constexpr int kMaxQueuedBytes = 64 << 20;

}  // namespace

PushFeed::PushFeed(const NatsConnection& connection, PushFeedConfig config, OnMessage on_message,
                   OnGap on_gap)
    : connection_(connection),
      config_(std::move(config)),
      on_message_(std::move(on_message)),
      on_gap_(std::move(on_gap)),
      last_delivered_(config_.after_seq),
      last_known_(config_.after_seq) {}

PushFeed::~PushFeed() { Stop(); }

void PushFeed::Start() {
  thread_ = std::thread([this] { Run(); });
}

void PushFeed::Stop() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
}

void PushFeed::Pause(absl::Duration d) {
  const absl::Time until = absl::Now() + d;
  while (!stopping_.load() && absl::Now() < until) absl::SleepFor(absl::Milliseconds(20));
}

void PushFeed::Run() {
  absl::Duration backoff = kFirstBackoff;
  while (!stopping_.load()) {
    if (subscription_ == nullptr) {
      if (!Subscribe()) {
        Pause(backoff);
        backoff = std::min(backoff * 2, kMaxBackoff);
        continue;
      }
      backoff = kFirstBackoff;
    }
    natsMsg* raw = nullptr;
    const natsStatus s = natsSubscription_NextMsg(&raw, subscription_.get(), kReceiveWaitMs);
    const absl::Time now = absl::Now();
    if (s == NATS_OK) {
      last_activity_ = now;
      Receive(MsgPtr(raw));
    } else if (s == NATS_TIMEOUT) {
      if (now - last_check_ >= config_.idle_check && now - last_activity_ >= config_.idle_check) {
        CheckHealth(now);
      }
    } else {
      // NATS_MISMATCH (heartbeats showed lost messages), NATS_SLOW_CONSUMER (messages dropped
      // by the client), a closed or invalid subscription: start over after the last delivered.
      Unsubscribe();
    }
  }
  Unsubscribe();
}

bool PushFeed::Subscribe() {
  const uint64_t after = last_delivered();
  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = config_.stream.c_str();
  jsConsumerConfig& consumer = options.Config;
  if (after == 0 && config_.start_with_last_per_subject) {
    consumer.DeliverPolicy = js_DeliverLastPerSubject;
  } else {
    consumer.DeliverPolicy = js_DeliverByStartSequence;
    consumer.OptStartSeq = after + 1;
  }
  consumer.AckPolicy = js_AckNone;
  consumer.MaxDeliver = 1;
  consumer.FlowControl = true;
  consumer.Heartbeat = absl::ToInt64Nanoseconds(config_.heartbeat);
  consumer.MemoryStorage = true;
  consumer.Replicas = 1;
  consumer.InactiveThreshold = absl::ToInt64Nanoseconds(kInactiveThreshold);

  jsOptions request = connection_.RequestOptions();
  natsSubscription* raw = nullptr;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  const natsStatus s = js_SubscribeSync(&raw, connection_.js(), config_.filter_subject.c_str(),
                                        &request, &options, &js_error);
  if (s != NATS_OK) return false;
  subscription_.reset(raw);
  natsSubscription_SetPendingLimits(raw, kMaxQueuedMessages, kMaxQueuedBytes);
  if (subscriptions_made_++ > 0) restarts_.fetch_add(1, std::memory_order_relaxed);
  next_consumer_seq_ = 1;
  last_activity_ = last_check_ = absl::Now();
  return true;
}

void PushFeed::Unsubscribe() {
  // Destroying unsubscribes without waiting for the server to delete the consumer: with no
  // interest left it stops sending and is deleted after the inactivity threshold.
  subscription_.reset();
}

void PushFeed::NoteKnown(uint64_t seq) {
  uint64_t known = last_known_.load(std::memory_order_relaxed);
  while (seq > known && !last_known_.compare_exchange_weak(known, seq)) {
  }
}

void PushFeed::Receive(MsgPtr msg) {
  uint64_t stream_seq = 0;
  uint64_t consumer_seq = 0;
  uint64_t pending = 0;
  if (!ReadMetadata(msg.get(), &stream_seq, &consumer_seq, &pending).ok()) {
    Unsubscribe();  // not a consumer message: cannot be placed in order
    return;
  }
  if (consumer_seq < next_consumer_seq_) return;  // a redelivery: already seen
  if (consumer_seq > next_consumer_seq_) {
    Unsubscribe();  // lost on the way: recreate after the last delivered message
    return;
  }
  ++next_consumer_seq_;
  NoteKnown(stream_seq + pending);
  const uint64_t last = last_delivered();
  if (stream_seq <= last) return;
  if (stream_seq > last + 1 && config_.report_gaps) {
    on_gap_(last + 1, stream_seq - 1);
  }
  // Stored first: whoever the callback tells (a test, a waiting reader) may ask last_delivered()
  // at once and must see this message counted. Only this thread delivers or reads it to resume.
  last_delivered_.store(stream_seq, std::memory_order_release);
  on_message_(stream_seq, msg.get());
}

void PushFeed::CheckHealth(absl::Time now) {
  last_check_ = now;
  jsOptions request = connection_.RequestOptions();
  request.Wait = std::min<int64_t>(request.Wait, ToMillis(config_.stall_timeout));
  jsConsumerInfo* raw = nullptr;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  const natsStatus s =
      natsSubscription_GetConsumerInfo(&raw, subscription_.get(), &request, &js_error);
  ConsumerInfoPtr info(raw);
  const bool idle_too_long = now - last_activity_ >= config_.stall_timeout;
  if (s != NATS_OK) {
    if (s == NATS_NOT_FOUND || js_error == JSConsumerNotFoundErr || idle_too_long) Unsubscribe();
    return;
  }
  const uint64_t consumer_sees = info->Delivered.Stream + info->NumPending;
  NoteKnown(consumer_sees);
  if (!idle_too_long) return;
  const bool lost_on_the_way = info->Delivered.Consumer >= next_consumer_seq_;
  const bool stalled = info->NumPending > 0;
  if (lost_on_the_way || stalled) {
    Unsubscribe();
    return;
  }
  // The consumer may sit on a copy of the stream that lags behind the leader (nats-server 2.9
  // places one-replica consumers on any of the stream's servers): if the leader holds more than
  // the consumer has seen after this long, try a new consumer.
  absl::StatusOr<StreamState> state =
      LoadStreamState(connection_, config_.stream, config_.stall_timeout);
  if (!state.ok()) return;
  NoteKnown(state->last_seq);
  if (state->last_seq > consumer_sees) Unsubscribe();
}

}  // namespace beacon::jetstream::internal
