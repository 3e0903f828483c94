#include "clients/bench/track_producer.h"

#include <thread>

#include "clients/bench/grpc_code_name.h"
#include "clients/bench/payload.h"
#include "clients/bench/steady_nanos.h"
#include "grpcpp/grpcpp.h"

namespace beacon::bench {

namespace {
constexpr auto kCallDeadline = std::chrono::seconds(5);
constexpr int64_t kLateNanos = 10'000'000;
}  // namespace

struct TrackProducer::Call {
  uint64_t id = 0;
  int64_t start_ns = 0;
  grpc::ClientContext context;
  beacon::v1::TrackRequest request;
  beacon::v1::TrackResponse response;
};

TrackProducer::TrackProducer(std::shared_ptr<grpc::Channel> channel, TrackProducerOptions options)
    : options_(std::move(options)), stub_(beacon::v1::Tracking::NewStub(channel)) {}

TrackProducerResult TrackProducer::Run() {
  const int64_t start = SteadyNanos();
  const int64_t end = start + absl::ToInt64Nanoseconds(options_.duration);
  const double interval_ns = options_.rate ? 1e9 / *options_.rate : 0;
  int64_t last_send = start;
  for (uint64_t id = 0;; ++id) {
    int64_t now = SteadyNanos();
    if (options_.rate) {
      const int64_t due = start + static_cast<int64_t>(static_cast<double>(id) * interval_ns);
      if (due >= end) break;
      if (due > now) {
        std::this_thread::sleep_for(std::chrono::nanoseconds(due - now));
        now = SteadyNanos();
      }
      if (now - due > kLateNanos) {
        absl::MutexLock lock(&mutex_);
        ++result_.late_sends;
      }
    } else {
      while (options_.may_send && !options_.may_send(id) && now < end) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        now = SteadyNanos();
      }
      if (now >= end) break;
    }
    {
      absl::MutexLock lock(&mutex_);
      auto has_room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return in_flight_ < options_.max_in_flight;
      };
      mutex_.Await(absl::Condition(&has_room));
      ++in_flight_;
      result_.accepted_ids.push_back(false);
    }
    auto call = std::make_shared<Call>();
    call->id = id;
    call->context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    call->request.set_account_id(options_.account);
    call->start_ns = SteadyNanos();
    call->request.set_data(
        MakePayload(options_.run_tag, id, call->start_ns, options_.payload_bytes));
    last_send = call->start_ns;
    sent_.fetch_add(1, std::memory_order_relaxed);
    stub_->async()->Track(&call->context, &call->request, &call->response,
                          [this, call](grpc::Status status) { Finish(*call, status); });
  }
  absl::MutexLock lock(&mutex_);
  auto drained = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return in_flight_ == 0; };
  mutex_.Await(absl::Condition(&drained));
  result_.sent = sent();
  result_.send_seconds = static_cast<double>(last_send - start) / 1e9;
  return std::move(result_);
}

void TrackProducer::Finish(const Call& call, const grpc::Status& status) {
  const int64_t latency = SteadyNanos() - call.start_ns;
  absl::MutexLock lock(&mutex_);
  --in_flight_;
  if (!status.ok()) {
    ++result_.errors[GrpcCodeName(status.error_code())];
  } else if (call.response.event().account_id() != options_.account ||
             call.response.event().data() != call.request.data()) {
    ++result_.errors["response does not echo the request"];
  } else {
    ++result_.accepted;
    result_.accepted_ids[call.id] = true;
    result_.track_latency.Record(latency);
  }
}

}  // namespace beacon::bench
