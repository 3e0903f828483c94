#include "jetstream/internal/pull_scan.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "jetstream/internal/nats_status.h"

namespace beacon::jetstream::internal {
namespace {

// How long the server keeps the consumer of a scan whose process went away.
constexpr absl::Duration kInactiveThreshold = absl::Seconds(30);
constexpr int kCreateAttempts = 4;

}  // namespace

absl::Status ReadMetadata(natsMsg* msg, uint64_t* stream_seq, uint64_t* consumer_seq,
                          uint64_t* pending) {
  jsMsgMetaData* raw = nullptr;
  if (natsStatus s = natsMsg_GetMetaData(&raw, msg); s != NATS_OK) {
    return NatsError("reading a message's metadata", s);
  }
  MetaDataPtr meta(raw);
  *stream_seq = meta->Sequence.Stream;
  if (consumer_seq != nullptr) *consumer_seq = meta->Sequence.Consumer;
  if (pending != nullptr) *pending = meta->NumPending;
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PullScan>> PullScan::Start(const NatsConnection& connection,
                                                          const PullScanConfig& config) {
  jsConsumerConfig consumer;
  jsConsumerConfig_Init(&consumer);
  if (config.last_per_subject) {
    consumer.DeliverPolicy = js_DeliverLastPerSubject;
  } else {
    consumer.DeliverPolicy = js_DeliverByStartSequence;
    consumer.OptStartSeq = config.start_seq;
  }
  consumer.AckPolicy = js_AckNone;
  consumer.FilterSubject = config.filter_subject.c_str();
  consumer.HeadersOnly = config.headers_only;
  consumer.MemoryStorage = true;
  consumer.Replicas = 1;
  consumer.InactiveThreshold = absl::ToInt64Nanoseconds(kInactiveThreshold);

  // A healthy server creates the consumer within milliseconds; half the API timeout per attempt
  // leaves room for the retries.
  jsOptions create_request = connection.RequestOptions();
  create_request.Wait = std::max<int64_t>(1, create_request.Wait / 2);
  ConsumerInfoPtr info;
  natsStatus s = NATS_OK;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  // The server chosen for the consumer may be one that is still starting: try again (a consumer
  // made after all is removed by the inactivity threshold).
  for (int attempt = 1; attempt <= kCreateAttempts; ++attempt) {
    jsConsumerInfo* raw_info = nullptr;
    js_error = static_cast<jsErrCode>(0);
    s = js_AddConsumer(&raw_info, connection.js(), config.stream.c_str(), &consumer,
                       &create_request, &js_error);
    info.reset(raw_info);
    if (s != NATS_TIMEOUT) break;
  }
  if (s != NATS_OK) {
    return NatsError(absl::StrCat("creating a consumer on stream ", config.stream), s, js_error);
  }
  std::unique_ptr<PullScan> scan(
      new PullScan(connection, config.stream, info->Name, info->NumPending, config.must_reach));
  if (scan->complete()) return scan;

  jsOptions request = connection.RequestOptions();
  jsSubOptions bind;
  jsSubOptions_Init(&bind);
  bind.Stream = config.stream.c_str();
  bind.Consumer = info->Name;
  bind.Config = consumer;  // cnats checks the bound consumer against it, booleans included
  natsSubscription* raw_sub = nullptr;
  js_error = static_cast<jsErrCode>(0);
  s = js_PullSubscribe(&raw_sub, connection.js(), config.filter_subject.c_str(), nullptr, &request,
                       &bind, &js_error);
  if (s != NATS_OK) {
    return NatsError(absl::StrCat("subscribing to a consumer of stream ", config.stream), s,
                     js_error);
  }
  scan->subscription_.reset(raw_sub);
  return scan;
}

PullScan::~PullScan() {
  subscription_.reset();  // without deleting the consumer: done explicitly below
  // Deleted without waiting for the answer (a request through the cluster's meta leader that
  // would add to every read); should it be lost, the inactivity threshold removes the consumer.
  const std::string subject = absl::StrCat("$JS.API.CONSUMER.DELETE.", stream_, ".", consumer_);
  natsConnection_Publish(connection_.connection(), subject.c_str(), nullptr, 0);
}

absl::StatusOr<std::vector<ScannedMessage>> PullScan::Fetch(int batch) {
  std::vector<ScannedMessage> messages;
  if (complete()) return messages;
  // "No wait" with an expiry: the server answers with what it has (up to `batch`) and ends the
  // request; with nothing yet, it waits for the first message until the expiry.
  jsFetchRequest request;
  jsFetchRequest_Init(&request);
  request.Batch = batch;
  request.NoWait = true;
  request.Expires = absl::ToInt64Nanoseconds(connection_.options().api_timeout);
  MsgList list;
  const natsStatus s = natsSubscription_FetchRequest(list.get(), subscription_.get(), &request);
  if ((s == NATS_TIMEOUT && pending_ == 0) || s == NATS_NOT_FOUND) {
    pending_ = 0;
    if (complete()) return messages;
    return absl::UnavailableError(absl::StrCat("the server holding a read of stream ", stream_,
                                               " did not catch up with its leader"));
  }
  if (s != NATS_OK) return NatsError(absl::StrCat("fetching from stream ", stream_), s);
  messages.reserve(list.size());
  for (int i = 0; i < list.size(); ++i) {
    ScannedMessage message;
    message.msg.reset(list[i]);
    list.get()->Msgs[i] = nullptr;  // now owned by `message`
    if (absl::Status status =
            ReadMetadata(message.msg.get(), &message.seq, nullptr, &message.pending);
        !status.ok()) {
      return status;
    }
    pending_ = message.pending;
    highest_seen_ = std::max(highest_seen_, message.seq);
    messages.push_back(std::move(message));
  }
  return messages;
}

}  // namespace beacon::jetstream::internal
