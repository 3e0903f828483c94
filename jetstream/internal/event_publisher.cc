#include "jetstream/internal/event_publisher.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "jetstream/internal/nats_status.h"

namespace beacon::jetstream::internal {
namespace {

// Retries are sent only while a copy stored by an earlier attempt is certain to be remembered:
// within this share of the duplicate window after the first attempt.
constexpr double kDuplicateWindowShare = 0.9;
constexpr absl::Duration kFirstBackoff = absl::Milliseconds(25);
constexpr absl::Duration kMaxBackoff = absl::Seconds(1);
constexpr size_t kMaxSendBatch = 1024;
constexpr int64_t kFlushTimeoutMs = 100;

absl::Duration Backoff(int attempt_errors) {
  absl::Duration backoff = kFirstBackoff;
  for (int i = 1; i < attempt_errors && backoff < kMaxBackoff; ++i) backoff *= 2;
  return std::min(backoff, kMaxBackoff);
}

// Errors a retry cannot fix: the message itself is refused.
bool IsPermanent(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument;
}

absl::Status AttemptError(const jsPubAckErr& error) {
  const absl::Status status = NatsError("publishing", error.Err, error.ErrCode);
  if (error.ErrText == nullptr || error.ErrText[0] == '\0') return status;
  return absl::Status(status.code(), absl::StrCat("publishing: ", error.ErrText));
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventPublisher>> EventPublisher::Create(
    const NatsConnection& connection, LatencyObserver on_acknowledged) {
  std::unique_ptr<EventPublisher> publisher(
      new EventPublisher(connection, nullptr, std::move(on_acknowledged)));
  const JetStreamOptions& options = connection.options();
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.Wait = connection.api_timeout_ms();
  // The sender keeps within max_publishes_in_flight itself; cnats' own limit is only a backstop.
  js_options.PublishAsync.MaxPending = options.max_publishes_in_flight + 1;
  js_options.PublishAsync.AckHandler = &EventPublisher::OnAck;
  js_options.PublishAsync.AckHandlerClosure = publisher.get();
  // With a full window the sender waits this long (ms) for room, then tries again later.
  js_options.PublishAsync.StallWait = 50;
  if (natsStatus s =
          natsConnection_JetStream(&publisher->js_, connection.connection(), &js_options);
      s != NATS_OK) {
    return NatsError("creating the publishing JetStream context", s);
  }
  publisher->sender_ = std::thread([p = publisher.get()] { p->RunSender(); });
  return publisher;
}

EventPublisher::~EventPublisher() { Stop(); }

size_t EventPublisher::pending() const {
  absl::MutexLock lock(&mu_);
  return pending_;
}

void EventPublisher::Refuse(const Done& done, absl::Status why) {
  counters_.failed.fetch_add(1, std::memory_order_relaxed);
  done(std::move(why));
}

void EventPublisher::Publish(absl::StatusOr<std::string> subject, absl::string_view payload,
                             absl::string_view msg_id, absl::Time deadline, Done done) {
  if (!subject.ok()) return Refuse(done, subject.status());
  if (msg_id.empty()) return Refuse(done, absl::InvalidArgumentError("a publish needs a msg id"));
  natsMsg* raw = nullptr;
  if (natsStatus s = natsMsg_Create(&raw, subject->c_str(), nullptr, payload.data(),
                                    static_cast<int>(payload.size()));
      s != NATS_OK) {
    return Refuse(done, NatsError("creating a message", s));
  }
  auto pending = std::make_unique<Pending>();
  pending->msg.reset(raw);
  pending->msg_id = std::string(msg_id);
  pending->accepted = absl::Now();
  pending->deadline = deadline;
  pending->retry_until =
      pending->accepted + connection_.options().duplicate_window * kDuplicateWindowShare;
  pending->done = std::move(done);
  absl::Status refusal;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      refusal = absl::UnavailableError("the JetStream client is shutting down");
    } else if (pending_ >= static_cast<size_t>(connection_.options().max_pending_publishes)) {
      refusal = absl::ResourceExhaustedError(absl::StrCat(
          connection_.options().max_pending_publishes, " publishes are already pending"));
    } else {
      ++pending_;
      if (fresh_.empty()) queue_changed_.Signal();
      fresh_.push_back(std::move(pending));
      return;
    }
  }
  Refuse(pending->done, std::move(refusal));
}

void EventPublisher::RunSender() {
  std::vector<PendingPtr> due;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      // Waits for something due and room in the in-flight window (cnats would otherwise stall
      // the call).
      while (!stopping_) {
        const absl::Time now = absl::Now();
        const bool room = in_flight_.size() < max_in_flight_;
        const bool retry_due = !retries_.empty() && retries_.begin()->first <= now;
        if (room && (!fresh_.empty() || retry_due)) break;
        const absl::Time wake = !room || retries_.empty() || !fresh_.empty()
                                    ? now + absl::Seconds(1)
                                    : retries_.begin()->first;
        queue_changed_.WaitWithDeadline(&mu_, wake);
      }
      if (stopping_) return;  // Stop() completes whatever is queued
      const absl::Time now = absl::Now();
      const size_t take = std::min(kMaxSendBatch, max_in_flight_ - in_flight_.size());
      while (!retries_.empty() && retries_.begin()->first <= now && due.size() < take) {
        due.push_back(std::move(retries_.begin()->second));
        retries_.erase(retries_.begin());
      }
      while (!fresh_.empty() && due.size() < take) {
        due.push_back(std::move(fresh_.front()));
        fresh_.pop_front();
      }
    }
    SendBatch(due);
    due.clear();
    // The connection buffers writes (cnats' flusher would wait 1 ms for more): send the batch
    // now. This waits for the server's PONG; meanwhile the next batch gathers.
    natsConnection_FlushTimeout(connection_.connection(), kFlushTimeoutMs);
  }
}

void EventPublisher::SendBatch(std::vector<PendingPtr>& batch) {
  struct Attempt {
    natsMsg* msg;
    const char* msg_id;  // valid until the attempt's acknowledgement is handled
    int64_t max_wait_ms;
  };
  std::vector<Attempt> attempts;
  attempts.reserve(batch.size());
  std::vector<PendingPtr> expired;
  const absl::Time now = absl::Now();
  {
    // Registered before publishing: an acknowledgement may arrive before the call returns.
    absl::MutexLock lock(&mu_);
    for (PendingPtr& pending : batch) {
      if (now >= pending->deadline) {
        expired.push_back(std::move(pending));
        continue;
      }
      if (pending->sent) counters_.retries.fetch_add(1, std::memory_order_relaxed);
      pending->sent = true;
      const absl::Duration wait =
          std::min(connection_.options().publish_attempt_timeout, pending->deadline - now);
      natsMsg* msg = pending->msg.release();
      attempts.push_back({msg, pending->msg_id.c_str(), ToMillis(wait)});
      in_flight_.emplace(msg, std::move(pending));
    }
  }
  for (PendingPtr& pending : expired) {
    const std::string last = pending->last_error.ok() ? "the deadline passed before it was sent"
                                                      : std::string(pending->last_error.message());
    Complete(std::move(pending),
             absl::UnavailableError(
                 absl::StrCat("the event was not acknowledged before its deadline: ", last)));
  }
  for (const Attempt& attempt : attempts) {
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MaxWait = attempt.max_wait_ms;
    options.MsgId = attempt.msg_id;  // the same on every attempt
    natsMsg* handed_over = attempt.msg;
    const natsStatus s = js_PublishMsgAsync(js_, &handed_over, &options);
    if (s == NATS_OK) continue;  // cnats owns the message until OnAck

    // Not sent: the message is still ours and OnAck will not see it.
    const absl::Status error = NatsError("sending", s);
    PendingPtr pending;
    {
      absl::MutexLock lock(&mu_);
      auto node = in_flight_.extract(attempt.msg);
      pending = std::move(node.mapped());
    }
    pending->msg.reset(attempt.msg);
    RetryOrFail(std::move(pending), error, /*timed_out=*/false);
  }
}

void EventPublisher::OnAck(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
  static_cast<EventPublisher*>(closure)->HandleAck(msg, ack, error);
}

void EventPublisher::HandleAck(natsMsg* msg, jsPubAck* ack, jsPubAckErr* error) {
  PendingPtr pending;
  {
    absl::MutexLock lock(&mu_);
    auto node = in_flight_.extract(msg);
    if (!node.empty()) pending = std::move(node.mapped());
    // The sender may be waiting for room in the window.
    if (in_flight_.size() + 1 == max_in_flight_) queue_changed_.Signal();
  }
  if (pending == nullptr) {  // cannot happen: every message sent is registered first
    natsMsg_Destroy(msg);
    return;
  }
  pending->msg.reset(msg);  // the handler hands ownership back
  if (ack != nullptr && ack->Sequence > 0) {
    if (ack->Duplicate) counters_.duplicates.fetch_add(1, std::memory_order_relaxed);
    if (on_acknowledged_) on_acknowledged_(absl::Now() - pending->accepted);
    Complete(std::move(pending), ack->Sequence);
    return;
  }
  if (ack != nullptr) {
    RetryOrFail(std::move(pending),
                absl::UnavailableError("acknowledged without a stream sequence"), false);
    return;
  }
  const absl::Status status = AttemptError(*error);
  RetryOrFail(std::move(pending), status, error->Err == NATS_TIMEOUT);
}

void EventPublisher::RetryOrFail(PendingPtr pending, absl::Status error, bool timed_out) {
  counters_.attempt_errors.fetch_add(1, std::memory_order_relaxed);
  ++pending->failed_attempts;
  if (IsPermanent(error)) {
    Complete(std::move(pending), std::move(error));
    return;
  }
  // A timed-out attempt has waited already; anything else failed fast and backs off.
  const absl::Time due =
      absl::Now() + (timed_out ? absl::ZeroDuration() : Backoff(pending->failed_attempts));
  pending->last_error = std::move(error);
  if (due >= pending->deadline || due >= pending->retry_until) {
    const char* reason =
        due >= pending->deadline ? "before its deadline" : "within the duplicate window";
    const std::string last = std::string(pending->last_error.message());
    Complete(std::move(pending), absl::UnavailableError(absl::StrCat(
                                     "the event was not acknowledged ", reason, ": ", last)));
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      if (retries_.empty() || due < retries_.begin()->first) queue_changed_.Signal();
      retries_.emplace(due, std::move(pending));
      return;
    }
  }
  // Stop() has taken the queue already.
  Complete(std::move(pending), absl::UnavailableError("the JetStream client is shutting down"));
}

void EventPublisher::Complete(PendingPtr pending, absl::StatusOr<uint64_t> result) {
  (result.ok() ? counters_.acknowledged : counters_.failed).fetch_add(1, std::memory_order_relaxed);
  Done done = std::move(pending->done);
  pending.reset();  // releases the message
  {
    absl::MutexLock lock(&mu_);
    --pending_;
  }
  done(std::move(result));
}

void EventPublisher::Stop() {
  std::deque<PendingPtr> fresh;
  std::multimap<absl::Time, PendingPtr> retries;
  {
    absl::MutexLock lock(&mu_);
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;
    queue_changed_.SignalAll();
  }
  if (sender_.joinable()) sender_.join();
  {
    absl::MutexLock lock(&mu_);
    fresh.swap(fresh_);
    retries.swap(retries_);
  }
  for (PendingPtr& pending : fresh) {
    Complete(std::move(pending), absl::UnavailableError("the JetStream client is shutting down"));
  }
  for (auto& [due, pending] : retries) {
    Complete(std::move(pending), absl::UnavailableError("the JetStream client is shutting down"));
  }
  if (js_ != nullptr) {
    FailInFlightAfterGrace();
    jsCtx_Destroy(js_);
    js_ = nullptr;
  }
}

void EventPublisher::FailInFlightAfterGrace() {
  if (connection_.options().shutdown_grace > absl::ZeroDuration()) {
    jsPubOptions wait;
    jsPubOptions_Init(&wait);
    wait.MaxWait = ToMillis(connection_.options().shutdown_grace);
    js_PublishAsyncComplete(js_, &wait);
  }
  bool unacknowledged_left = false;
  {
    absl::MutexLock lock(&mu_);
    unacknowledged_left = !in_flight_.empty();
  }
  // Take back what is still unacknowledged: cnats will not call OnAck for it any more. (Only
  // when there is some: cnats 3.4.1 crashes here for a context that never published.)
  natsMsgList unacknowledged{};
  if (unacknowledged_left && js_PublishAsyncGetPendingList(&unacknowledged, js_) == NATS_OK) {
    for (int i = 0; i < unacknowledged.Count; ++i) {
      PendingPtr pending;
      {
        absl::MutexLock lock(&mu_);
        auto node = in_flight_.extract(unacknowledged.Msgs[i]);
        if (!node.empty()) pending = std::move(node.mapped());
      }
      if (pending == nullptr) continue;
      pending->msg.reset(unacknowledged.Msgs[i]);
      unacknowledged.Msgs[i] = nullptr;
      Complete(std::move(pending),
               absl::UnavailableError("the JetStream client shut down before the event was "
                                      "acknowledged"));
    }
    natsMsgList_Destroy(&unacknowledged);
  }
  // Waits for an acknowledgement handler still running (nothing else is outstanding now).
  js_PublishAsyncComplete(js_, nullptr);
}

}  // namespace beacon::jetstream::internal
