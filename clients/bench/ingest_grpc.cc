// `beacon-bench ingest --via=grpc`: C lanes, each keeping one Track call in flight on the gRPC
// callback API and starting the next call from the previous call's completion.

#include <atomic>
#include <map>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "clients/bench/grpc_code_name.h"
#include "clients/bench/ingest.h"
#include "clients/bench/ingest_tally.h"
#include "clients/bench/latency_recorder.h"
#include "clients/bench/payload.h"
#include "clients/bench/process_cpu.h"
#include "clients/bench/progress_line.h"
#include "clients/bench/reachability.h"
#include "clients/bench/steady_nanos.h"
#include "grpcpp/grpcpp.h"

namespace beacon::bench {
namespace {

constexpr int kMaxStatShards = 64;
constexpr auto kCallDeadline = std::chrono::seconds(5);

// Results of the lanes that map to one shard. Threading: written from gRPC callback threads
// under `mutex`; lanes are spread over up to 64 shards so the mutex is rarely contended.
struct GrpcStatShard {
  absl::Mutex mutex;
  LatencyRecorder latency ABSL_GUARDED_BY(mutex);
  uint64_t accepted ABSL_GUARDED_BY(mutex) = 0;
  std::map<std::string, uint64_t> errors ABSL_GUARDED_BY(mutex);
};

// Threading: a lane has at most one call in flight; the call's completion (on a gRPC thread)
// starts the next one, so the lane's members are touched by one call at a time. Lifetime: the
// run owns the lanes and waits for every lane to finish before destroying them.
class GrpcIngestRun {
 public:
  GrpcIngestRun(const IngestOptions& options, std::shared_ptr<grpc::Channel> channel)
      : options_(options),
        stub_(beacon::v1::Tracking::NewStub(channel)),
        run_tag_(NewRunTag()),
        shards_(std::min(options.concurrency, kMaxStatShards)) {
    for (int i = 0; i < options.concurrency; ++i) {
      auto lane = std::make_unique<Lane>();
      lane->index = i;
      lane->shard = &shards_[i % shards_.size()];
      lanes_.push_back(std::move(lane));
    }
  }

  Report Run() {
    const int64_t start = SteadyNanos();
    end_ns_ = start + absl::ToInt64Nanoseconds(options_.duration);
    {
      absl::MutexLock lock(&mutex_);
      running_lanes_ = static_cast<int>(lanes_.size());
    }
    ProgressLine progress("ingest grpc", options_.duration, [this] {
      return absl::StrCat(completed_.load(std::memory_order_relaxed), " calls");
    });
    for (const auto& lane : lanes_) StartCall(lane.get());
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](int* running) { return *running == 0; }, &running_lanes_));
    }
    progress.Stop();
    const double elapsed_s = static_cast<double>(SteadyNanos() - start) / 1e9;
    return Summarize(elapsed_s);
  }

 private:
  struct Lane {
    int index = 0;
    GrpcStatShard* shard = nullptr;
    uint64_t next_id = 0;
    int64_t start_ns = 0;
    std::unique_ptr<grpc::ClientContext> context;
    beacon::v1::TrackRequest request;
    beacon::v1::TrackResponse response;
  };

  void StartCall(Lane* lane) {
    const int64_t now = SteadyNanos();
    if (now >= end_ns_) {
      absl::MutexLock lock(&mutex_);
      --running_lanes_;
      return;
    }
    lane->start_ns = now;
    lane->context = std::make_unique<grpc::ClientContext>();
    lane->context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    lane->request.set_account_id(options_.account);
    lane->request.set_data(MakePayload(run_tag_,
                                       (static_cast<uint64_t>(lane->index) << 40) | lane->next_id++,
                                       now, options_.payload_bytes));
    lane->response.Clear();
    stub_->async()->Track(lane->context.get(), &lane->request, &lane->response,
                          [this, lane](grpc::Status status) { FinishCall(lane, status); });
  }

  void FinishCall(Lane* lane, const grpc::Status& status) {
    const int64_t latency = SteadyNanos() - lane->start_ns;
    {
      absl::MutexLock lock(&lane->shard->mutex);
      if (status.ok()) {
        ++lane->shard->accepted;
        lane->shard->latency.Record(latency);
      } else {
        ++lane->shard->errors[GrpcCodeName(status.error_code())];
      }
    }
    completed_.fetch_add(1, std::memory_order_relaxed);
    StartCall(lane);
  }

  Report Summarize(double elapsed_s) {
    IngestTally tally;
    for (GrpcStatShard& shard : shards_) {
      absl::MutexLock lock(&shard.mutex);
      tally.Merge(shard.latency, shard.accepted, shard.errors);
    }
    return IngestReport(options_, "grpc", tally, elapsed_s, "track_latency_us");
  }

  const IngestOptions options_;
  const std::unique_ptr<beacon::v1::Tracking::Stub> stub_;
  const std::string run_tag_;
  int64_t end_ns_ = 0;
  std::vector<GrpcStatShard> shards_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::atomic<uint64_t> completed_{0};
  absl::Mutex mutex_;
  int running_lanes_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace

absl::StatusOr<Report> RunGrpcIngest(const IngestOptions& options) {
  const absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      ConnectToCore(options.target, absl::Seconds(3));
  if (!channel.ok()) return channel.status();
  GrpcIngestRun run(options, *channel);
  return run.Run();
}

}  // namespace beacon::bench
