#include "jetstream/key_value_bucket.h"

#include <nats/nats.h>

#include <algorithm>
#include <set>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "jetstream/internal/kv_entries.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/internal/nats_handles.h"
#include "jetstream/internal/nats_status.h"
#include "jetstream/internal/pull_scan.h"
#include "jetstream/internal/stream_state.h"

namespace beacon::jetstream {
namespace {

constexpr char kMsgIdHeader[] = "Nats-Msg-Id";
constexpr int kDeleteAttempts = 5;

std::string NewOperationId() {
  absl::BitGen random;
  return absl::StrFormat("kv-%016x%016x", absl::Uniform<uint64_t>(random),
                         absl::Uniform<uint64_t>(random));
}

bool ValidBucketName(absl::string_view bucket) {
  if (bucket.empty()) return false;
  for (const char c : bucket) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<KeyValueBucket>> KeyValueBucket::Open(
    JetStreamClient& client, const KeyValueOptions& options) {
  if (!ValidBucketName(options.bucket)) {
    return absl::InvalidArgumentError(
        absl::StrCat("bucket names are letters, digits, '_' and '-': '", options.bucket, "'"));
  }
  kvConfig config;
  kvConfig_Init(&config);
  config.Bucket = options.bucket.c_str();
  config.History = 1;
  config.Replicas = options.replicas > 0 ? options.replicas : client.options().replicas;
  config.MaxValueSize = options.max_value_size;
  config.StorageType = js_FileStorage;
  kvStore* raw = nullptr;
  const natsStatus s = js_CreateKeyValue(&raw, client.connection_->js(), &config);
  internal::KvStorePtr store(raw);  // only its creation is used; operations go through the stream
  if (s != NATS_OK) {
    absl::Status status = internal::NatsError(absl::StrCat("opening bucket ", options.bucket), s);
    if (status.code() == absl::StatusCode::kUnknown) {
      status = absl::FailedPreconditionError(status.message());
    }
    return status;
  }
  return std::unique_ptr<KeyValueBucket>(new KeyValueBucket(client, options.bucket));
}

absl::StatusOr<KeyValueEntry> KeyValueBucket::GetLatest(absl::string_view key, bool* deleted,
                                                        std::string* msg_id) const {
  absl::StatusOr<std::string> subject = internal::KvSubject(bucket_, key);
  if (!subject.ok()) return subject.status();
  const std::string stream = internal::KvStreamName(bucket_);
  jsOptions request = connection().RequestOptions();
  natsMsg* raw = nullptr;
  jsErrCode js_error = static_cast<jsErrCode>(0);
  const natsStatus s =
      js_GetLastMsg(&raw, connection().js(), stream.c_str(), subject->c_str(), &request, &js_error);
  internal::MsgPtr msg(raw);
  if (s != NATS_OK) {
    if (s == NATS_NOT_FOUND || js_error == JSNoMessageFoundErr) {
      return absl::NotFoundError(absl::StrCat("no value for key ", key));
    }
    return internal::NatsError(absl::StrCat("reading key ", key), s, js_error);
  }
  KeyValueEntry entry;
  entry.key = std::string(key);
  entry.value.assign(natsMsg_GetData(raw), static_cast<size_t>(natsMsg_GetDataLength(raw)));
  entry.revision = natsMsg_GetSequence(raw);
  *deleted = internal::KvOperationOf(raw) != internal::KvOperation::kPut;
  if (msg_id != nullptr) {
    const char* id = nullptr;
    msg_id->clear();
    if (natsMsgHeader_Get(raw, kMsgIdHeader, &id) == NATS_OK && id != nullptr) *msg_id = id;
  }
  return entry;
}

absl::StatusOr<KeyValueEntry> KeyValueBucket::Get(absl::string_view key) const {
  bool deleted = false;
  absl::StatusOr<KeyValueEntry> entry = GetLatest(key, &deleted, nullptr);
  if (entry.ok() && deleted) return absl::NotFoundError(absl::StrCat("no value for key ", key));
  return entry;
}

absl::StatusOr<uint64_t> KeyValueBucket::Write(absl::string_view key, absl::string_view value,
                                               bool deletion, uint64_t expected_revision,
                                               bool expect_empty) {
  absl::StatusOr<std::string> subject = internal::KvSubject(bucket_, key);
  if (!subject.ok()) return subject.status();
  const std::string operation_id = NewOperationId();
  const absl::Time deadline = absl::Now() + 2 * connection().options().api_timeout;
  absl::Duration backoff = absl::Milliseconds(50);
  for (int attempt = 1;; ++attempt) {
    natsMsg* raw = nullptr;
    natsStatus s = natsMsg_Create(&raw, subject->c_str(), nullptr, value.data(),
                                  static_cast<int>(value.size()));
    if (s != NATS_OK) return internal::NatsError("creating a message", s);
    internal::MsgPtr msg(raw);
    if (deletion) s = natsMsgHeader_Set(raw, internal::kKvOperationHeader, internal::kKvDelete);
    if (s != NATS_OK) return internal::NatsError("creating a message", s);
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MsgId = operation_id.c_str();
    options.MaxWait = connection().api_timeout_ms();
    if (expected_revision > 0) {
      options.ExpectLastSubjectSeq = expected_revision;
    } else if (expect_empty) {
      options.ExpectNoMessage = true;
    }
    jsPubAck* raw_ack = nullptr;
    jsErrCode js_error = static_cast<jsErrCode>(0);
    s = js_PublishMsg(&raw_ack, connection().js(), raw, &options, &js_error);
    internal::PubAckPtr ack(raw_ack);
    if (s == NATS_OK) return ack->Sequence;
    const absl::Status status = internal::NatsError(absl::StrCat("writing key ", key), s, js_error);
    if (status.code() == absl::StatusCode::kAborted) {
      // An earlier attempt may have been applied with its answer lost: then the key's latest
      // message carries this operation's id.
      if (attempt > 1) {
        bool deleted = false;
        std::string msg_id;
        absl::StatusOr<KeyValueEntry> latest = GetLatest(key, &deleted, &msg_id);
        if (latest.ok() && msg_id == operation_id) return latest->revision;
      }
      return status;
    }
    if (status.code() != absl::StatusCode::kUnavailable || absl::Now() + backoff >= deadline) {
      return status;
    }
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(1));
  }
}

absl::StatusOr<uint64_t> KeyValueBucket::Create(absl::string_view key, absl::string_view value) {
  absl::StatusOr<uint64_t> revision = Write(key, value, false, 0, /*expect_empty=*/true);
  if (revision.ok() || revision.status().code() != absl::StatusCode::kAborted) return revision;
  // The key has messages; a deletion marker as the latest one leaves it free.
  bool deleted = false;
  absl::StatusOr<KeyValueEntry> latest = GetLatest(key, &deleted, nullptr);
  if (latest.ok() && deleted) {
    revision = Write(key, value, false, latest->revision, false);
    if (revision.ok() || revision.status().code() != absl::StatusCode::kAborted) return revision;
  } else if (!latest.ok() && latest.status().code() != absl::StatusCode::kNotFound) {
    return latest.status();
  }
  return absl::AlreadyExistsError(absl::StrCat("key already exists: ", key));
}

absl::StatusOr<uint64_t> KeyValueBucket::Update(absl::string_view key, absl::string_view value,
                                                uint64_t expected_revision) {
  if (expected_revision == 0) {
    return absl::InvalidArgumentError("an update needs the revision it replaces");
  }
  absl::StatusOr<uint64_t> revision = Write(key, value, false, expected_revision, false);
  if (revision.ok() || revision.status().code() != absl::StatusCode::kAborted) return revision;
  bool deleted = false;
  absl::StatusOr<KeyValueEntry> latest = GetLatest(key, &deleted, nullptr);
  if ((!latest.ok() && latest.status().code() == absl::StatusCode::kNotFound) ||
      (latest.ok() && deleted)) {
    return absl::NotFoundError(absl::StrCat("no value for key ", key));
  }
  if (!latest.ok()) return latest.status();
  return absl::AbortedError(
      absl::StrCat("key ", key, " is at revision ", latest->revision, ", not ", expected_revision));
}

absl::Status KeyValueBucket::Delete(absl::string_view key, uint64_t expected_revision) {
  for (int attempt = 0; attempt < kDeleteAttempts; ++attempt) {
    uint64_t expected = expected_revision;
    if (expected == 0) {
      absl::StatusOr<KeyValueEntry> current = Get(key);
      if (!current.ok()) return current.status();
      expected = current->revision;
    }
    absl::StatusOr<uint64_t> revision = Write(key, "", /*deletion=*/true, expected, false);
    if (revision.ok()) return absl::OkStatus();
    if (revision.status().code() != absl::StatusCode::kAborted) return revision.status();
    if (expected_revision != 0) {
      absl::StatusOr<KeyValueEntry> current = Get(key);
      if (!current.ok()) return current.status();
      return absl::AbortedError(absl::StrCat("key ", key, " is at revision ", current->revision,
                                             ", not ", expected_revision));
    }
    // Changed between our read and our delete: read again.
  }
  return absl::AbortedError(absl::StrCat("key ", key, " kept changing while being deleted"));
}

absl::StatusOr<KeyPage> KeyValueBucket::ListKeys(absl::string_view after, size_t limit) const {
  KeyPage page;
  absl::StatusOr<StreamState> state = GetStreamState();
  if (!state.ok()) return state.status();
  if (state->messages == 0) return page;
  internal::PullScanConfig config;
  config.stream = internal::KvStreamName(bucket_);
  config.filter_subject = internal::KvAllKeys(bucket_);
  config.last_per_subject = true;
  config.headers_only = true;
  // The bucket's newest message is the newest of its key, so the scan delivers it: a consumer
  // on a lagging copy of the bucket cannot end the listing before it.
  config.must_reach = state->last_seq;
  absl::StatusOr<std::unique_ptr<internal::PullScan>> scan =
      internal::PullScan::Start(connection(), config);
  if (!scan.ok()) return scan.status();
  std::set<std::string> keys;  // the smallest `limit` keys after `after` seen so far
  while (!(*scan)->complete()) {
    absl::StatusOr<std::vector<internal::ScannedMessage>> batch =
        (*scan)->Fetch(connection().options().read_batch);
    if (!batch.ok()) return batch.status();
    for (const internal::ScannedMessage& scanned : *batch) {
      if (internal::KvOperationOf(scanned.msg.get()) != internal::KvOperation::kPut) continue;
      absl::StatusOr<std::string> key =
          internal::KvKeyOfSubject(bucket_, natsMsg_GetSubject(scanned.msg.get()));
      if (!key.ok() || *key <= after) continue;
      keys.insert(*std::move(key));
      if (keys.size() > limit) {
        keys.erase(std::prev(keys.end()));
        page.more = true;
      }
    }
  }
  page.keys.assign(keys.begin(), keys.end());
  return page;
}

absl::StatusOr<uint64_t> KeyValueBucket::LastRevision() const {
  absl::StatusOr<StreamState> state = GetStreamState();
  if (!state.ok()) return state.status();
  return state->last_seq;
}

absl::StatusOr<StreamState> KeyValueBucket::GetStreamState() const {
  return internal::LoadStreamState(connection(), internal::KvStreamName(bucket_),
                                   connection().options().api_timeout);
}

}  // namespace beacon::jetstream
