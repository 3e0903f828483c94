// `beacon-bench ingest --via=rest`: C lanes, each doing connect -> POST -> read the response ->
// close in a loop on a fresh TCP connection per request (RestPoster without keep-alive), all
// asynchronous on two I/O threads.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/bench/file_limit.h"
#include "clients/bench/ingest.h"
#include "clients/bench/ingest_tally.h"
#include "clients/bench/latency_recorder.h"
#include "clients/bench/payload.h"
#include "clients/bench/process_cpu.h"
#include "clients/bench/progress_line.h"
#include "clients/bench/reachability.h"
#include "clients/bench/rest_poster.h"
#include "clients/bench/steady_nanos.h"
#include "nlohmann/json.hpp"

namespace beacon::bench {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr int kIoThreads = 2;
constexpr auto kRequestTimeout = std::chrono::seconds(5);
constexpr auto kRetryPause = std::chrono::milliseconds(10);

// Results of the lanes of one I/O thread. Threading: written only on that thread; the run reads
// it after the thread is joined, except `completed`, which the progress line polls.
struct RestThreadStats {
  LatencyRecorder latency;
  uint64_t accepted = 0;
  std::map<std::string, uint64_t> errors;
  std::atomic<uint64_t> completed{0};
};

// One connection slot: POSTs through its RestPoster in a loop until the run ends. Threading:
// lives on one I/O thread; every handler of its poster and timer runs there. Lifetime: owned by
// the run, which joins the I/O threads before destroying it.
class RestLane {
 public:
  RestLane(asio::io_context& io, RestPosterOptions poster_options, const IngestOptions& options,
           std::string run_tag, int index, int64_t end_ns, RestThreadStats& stats)
      : io_(io),
        poster_(io, std::move(poster_options)),
        options_(options),
        path_(absl::StrCat("/tracking/", options.account)),
        run_tag_(std::move(run_tag)),
        index_(index),
        end_ns_(end_ns),
        stats_(stats) {}

  void Start() {
    const int64_t now = SteadyNanos();
    if (now >= end_ns_) return;
    start_ns_ = now;
    const std::string body =
        nlohmann::json{
            {"data", MakePayload(run_tag_, (static_cast<uint64_t>(index_) << 40) | next_id_++, now,
                                 options_.payload_bytes)}}
            .dump();
    poster_.Post(path_, body, [this](const RestPostResult& result) { Finish(result); });
  }

 private:
  // Records one request (accepted when it got a 200) and starts the next; after a connection
  // failure (no response at all) it pauses briefly so a refused target does not spin the CPU.
  void Finish(const RestPostResult& result) {
    if (!result.error.empty()) {
      ++stats_.errors[result.error];
    } else if (result.status != 200) {
      ++stats_.errors[absl::StrCat("http ", result.status)];
    } else {
      ++stats_.accepted;
      stats_.latency.Record(SteadyNanos() - start_ns_);
    }
    stats_.completed.fetch_add(1, std::memory_order_relaxed);
    if (result.status != 0) {
      asio::post(io_, [this] { Start(); });
    } else {
      retry_timer_ = std::make_unique<asio::steady_timer>(io_, kRetryPause);
      retry_timer_->async_wait([this](const boost::system::error_code&) { Start(); });
    }
  }

  asio::io_context& io_;
  RestPoster poster_;
  const IngestOptions& options_;
  const std::string path_;
  const std::string run_tag_;
  const int index_;
  const int64_t end_ns_;
  RestThreadStats& stats_;
  std::unique_ptr<asio::steady_timer> retry_timer_;
  uint64_t next_id_ = 0;
  int64_t start_ns_ = 0;
};

}  // namespace

absl::StatusOr<Report> RunRestIngest(const IngestOptions& options) {
  if (absl::Status limit = EnsureOpenFileLimit(options.concurrency + 64); !limit.ok()) {
    return limit;
  }
  if (absl::Status reachable = CheckTcpReachable(options.target, "beacon-edge", absl::Seconds(3));
      !reachable.ok()) {
    return reachable;
  }
  const absl::StatusOr<tcp::endpoint> endpoint = ResolveTcpEndpoint(options.target);
  if (!endpoint.ok()) return endpoint.status();
  RestPosterOptions poster_options;
  poster_options.endpoint = *endpoint;
  poster_options.host = options.target.ToString();
  poster_options.keep_alive = false;  // What this run measures: a new connection per request.
  poster_options.timeout = kRequestTimeout;

  const std::string run_tag = NewRunTag();
  const int64_t start = SteadyNanos();
  const int64_t end_ns = start + absl::ToInt64Nanoseconds(options.duration);
  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<std::unique_ptr<RestThreadStats>> stats;
  std::vector<std::unique_ptr<RestLane>> lanes;
  for (int t = 0; t < kIoThreads; ++t) {
    ios.push_back(std::make_unique<asio::io_context>(1));
    stats.push_back(std::make_unique<RestThreadStats>());
  }
  for (int i = 0; i < options.concurrency; ++i) {
    const int t = i % kIoThreads;
    lanes.push_back(std::make_unique<RestLane>(*ios[t], poster_options, options, run_tag, i, end_ns,
                                               *stats[t]));
    RestLane* lane = lanes.back().get();
    asio::post(*ios[t], [lane] { lane->Start(); });
  }
  ProgressLine progress("ingest rest", options.duration, [&stats] {
    uint64_t completed = 0;
    for (const auto& s : stats) completed += s->completed.load(std::memory_order_relaxed);
    return absl::StrCat(completed, " requests");
  });
  std::vector<std::thread> threads;
  const auto run_limit = std::chrono::nanoseconds(absl::ToInt64Nanoseconds(options.duration)) +
                         kRequestTimeout + std::chrono::seconds(2);
  for (auto& io : ios) {
    threads.emplace_back([&io, run_limit] { io->run_for(run_limit); });
  }
  for (std::thread& thread : threads) thread.join();
  progress.Stop();
  const double elapsed_s = static_cast<double>(SteadyNanos() - start) / 1e9;

  IngestTally tally;
  for (const auto& s : stats) tally.Merge(s->latency, s->accepted, s->errors);
  return IngestReport(options, "rest", tally, elapsed_s, "post_latency_us");
}

}  // namespace beacon::bench
