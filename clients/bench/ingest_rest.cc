// `beacon-bench ingest --via=rest`: C lanes, each doing connect -> POST -> read the response ->
// close in a loop on a fresh TCP connection per request, all asynchronous on two I/O threads.

#include <array>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/bench/file_limit.h"
#include "clients/bench/ingest.h"
#include "clients/bench/ingest_tally.h"
#include "clients/bench/latency_recorder.h"
#include "clients/bench/payload.h"
#include "clients/bench/process_cpu.h"
#include "clients/bench/progress_line.h"
#include "clients/bench/reachability.h"
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

// Whether `response` holds a complete HTTP response (headers plus Content-Length body bytes);
// sets `status` once the status line is there.
bool ResponseComplete(const std::string& response, int* status) {
  const size_t header_end = response.find("\r\n\r\n");
  if (header_end == std::string::npos) return false;
  const size_t space = response.find(' ');
  if (space == std::string::npos || !absl::SimpleAtoi(response.substr(space + 1, 3), status)) {
    *status = 0;
  }
  size_t content_length = 0;
  const std::string headers = absl::AsciiStrToLower(response.substr(0, header_end));
  const size_t field = headers.find("\r\ncontent-length:");
  if (field == std::string::npos) return false;  // Read to EOF.
  const size_t value_start = field + 17;
  const size_t value_end = headers.find("\r\n", value_start);
  if (!absl::SimpleAtoi(headers.substr(value_start, value_end - value_start), &content_length)) {
    return false;
  }
  return response.size() >= header_end + 4 + content_length;
}

// One connection slot. Threading: lives on one I/O thread; every handler of its socket and
// timer runs there. Lifetime: owned by the run, which joins the I/O threads before destroying
// it.
class RestLane {
 public:
  RestLane(asio::io_context& io, const tcp::endpoint& endpoint, const IngestOptions& options,
           std::string run_tag, int index, int64_t end_ns, RestThreadStats& stats)
      : io_(io),
        endpoint_(endpoint),
        options_(options),
        run_tag_(std::move(run_tag)),
        index_(index),
        end_ns_(end_ns),
        stats_(stats),
        socket_(io),
        timer_(io) {}

  void Start() {
    const int64_t now = SteadyNanos();
    if (now >= end_ns_) return;
    start_ns_ = now;
    response_.clear();
    finished_ = false;
    const uint64_t generation = ++generation_;
    const std::string body =
        nlohmann::json{
            {"data", MakePayload(run_tag_, (static_cast<uint64_t>(index_) << 40) | next_id_++, now,
                                 options_.payload_bytes)}}
            .dump();
    request_ = absl::StrCat("POST /tracking/", options_.account,
                            " HTTP/1.1\r\nHost: ", options_.target.ToString(),
                            "\r\nContent-Type: application/json\r\nContent-Length: ", body.size(),
                            "\r\nConnection: close\r\n\r\n", body);
    socket_ = tcp::socket(io_);
    timer_.expires_after(kRequestTimeout);
    timer_.async_wait([this, generation](const boost::system::error_code& error) {
      if (!error && Current(generation)) Finish("timeout", 0);
    });
    socket_.async_connect(endpoint_, [this, generation](const boost::system::error_code& error) {
      if (!Current(generation)) return;
      if (error) return Finish(absl::StrCat("connect: ", error.message()), 0);
      asio::async_write(socket_, asio::buffer(request_),
                        [this, generation](const boost::system::error_code& error, size_t) {
                          if (!Current(generation)) return;
                          if (error) return Finish(absl::StrCat("write: ", error.message()), 0);
                          Read(generation);
                        });
    });
  }

 private:
  // Whether a handler belongs to the request in progress (not to an earlier, aborted one).
  bool Current(uint64_t generation) const { return generation == generation_ && !finished_; }

  void Read(uint64_t generation) {
    socket_.async_read_some(
        asio::buffer(buffer_),
        [this, generation](const boost::system::error_code& error, size_t bytes) {
          if (!Current(generation)) return;
          response_.append(buffer_.data(), bytes);
          int status = 0;
          if (ResponseComplete(response_, &status) || error == asio::error::eof) {
            if (response_.empty()) return Finish("closed without response", 0);
            if (status == 0) ResponseComplete(response_, &status);
            return Finish(status == 200 ? "" : absl::StrCat("http ", status), status);
          }
          if (error) return Finish(absl::StrCat("read: ", error.message()), 0);
          Read(generation);
        });
  }

  // Records one request (`error` empty means accepted) and starts the next; after a connection
  // failure it pauses briefly so a refused target does not spin the CPU.
  void Finish(const std::string& error, int status) {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    if (error.empty()) {
      ++stats_.accepted;
      stats_.latency.Record(SteadyNanos() - start_ns_);
    } else {
      ++stats_.errors[error];
    }
    stats_.completed.fetch_add(1, std::memory_order_relaxed);
    if (error.empty() || status != 0) {
      asio::post(io_, [this] { Start(); });
    } else {
      retry_timer_ = std::make_unique<asio::steady_timer>(io_, kRetryPause);
      retry_timer_->async_wait([this](const boost::system::error_code&) { Start(); });
    }
  }

  asio::io_context& io_;
  const tcp::endpoint endpoint_;
  const IngestOptions& options_;
  const std::string run_tag_;
  const int index_;
  const int64_t end_ns_;
  RestThreadStats& stats_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  std::unique_ptr<asio::steady_timer> retry_timer_;
  std::array<char, 4096> buffer_{};
  std::string request_;
  std::string response_;
  uint64_t next_id_ = 0;
  uint64_t generation_ = 0;
  int64_t start_ns_ = 0;
  bool finished_ = false;
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
  asio::io_context resolver_io;
  tcp::resolver resolver(resolver_io);
  const tcp::endpoint endpoint =
      *resolver.resolve(options.target.host, std::to_string(options.target.port)).begin();

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
    lanes.push_back(
        std::make_unique<RestLane>(*ios[t], endpoint, options, run_tag, i, end_ns, *stats[t]));
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
