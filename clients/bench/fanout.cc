#include "clients/bench/fanout.h"

#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/bench/delivery_check.h"
#include "clients/bench/file_limit.h"
#include "clients/bench/grpc_track_publisher.h"
#include "clients/bench/payload.h"
#include "clients/bench/process_cpu.h"
#include "clients/bench/progress_line.h"
#include "clients/bench/reachability.h"
#include "clients/bench/rest_track_publisher.h"
#include "clients/bench/steady_nanos.h"
#include "clients/bench/subscriber_pool.h"
#include "clients/bench/track_producer.h"
#include "grpcpp/grpcpp.h"

namespace beacon::bench {

namespace {

Report CountsJson(const std::map<std::string, uint64_t>& counts) {
  Report json = Report::object();
  for (const auto& [key, count] : counts) json[key] = count;
  return json;
}

uint64_t TotalDelivered(const std::vector<std::unique_ptr<DeliveryTally>>& tallies) {
  uint64_t total = 0;
  for (const auto& tally : tallies)
    total += tally->delivered_so_far.load(std::memory_order_relaxed);
  return total;
}

// The producers' publisher; for gRPC it first checks that beacon-core answers.
absl::StatusOr<std::unique_ptr<TrackPublisher>> MakePublisher(const FanoutOptions& options) {
  if (options.via == FanoutVia::kRest) {
    absl::StatusOr<std::unique_ptr<RestTrackPublisher>> publisher =
        RestTrackPublisher::Create(options.edge, options.account, options.max_in_flight);
    if (!publisher.ok()) return publisher.status();
    return std::unique_ptr<TrackPublisher>(std::move(*publisher));
  }
  const absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      ConnectToCore(options.core, absl::Seconds(3));
  if (!channel.ok()) return channel.status();
  return std::make_unique<GrpcTrackPublisher>(*channel, options.account);
}

}  // namespace

const char* FanoutViaName(FanoutVia via) { return via == FanoutVia::kRest ? "rest" : "grpc"; }

absl::StatusOr<Report> RunFanout(const FanoutOptions& options) {
  if (options.accounts != 1) {
    return absl::InvalidArgumentError(
        "--accounts must be 1 for now: a fresh beacon-core has only one active account (celtra)");
  }
  const int producer_sockets = options.via == FanoutVia::kRest ? options.max_in_flight : 0;
  if (absl::Status limit = EnsureOpenFileLimit(options.subscribers + producer_sockets + 256);
      !limit.ok()) {
    return limit;
  }
  const absl::StatusOr<std::unique_ptr<TrackPublisher>> publisher = MakePublisher(options);
  if (!publisher.ok()) return publisher.status();
  if (absl::Status reachable = CheckTcpReachable(options.edge, "beacon-edge", absl::Seconds(3));
      !reachable.ok()) {
    return reachable;
  }

  const int64_t run_start = SteadyNanos();
  const std::string run_tag = NewRunTag();
  std::vector<SubscriberCheck> checks(options.subscribers);
  std::vector<std::unique_ptr<DeliveryTally>> tallies;
  for (int i = 0; i < options.io_threads; ++i) tallies.push_back(std::make_unique<DeliveryTally>());

  SubscriberPoolOptions pool_options;
  pool_options.edge = options.edge;
  pool_options.resource = absl::StrCat("/subscribe?account=", options.account);
  pool_options.connections = options.subscribers;
  pool_options.shards = options.io_threads;
  const std::string& account = options.account;
  SubscriberPool pool(
      pool_options, [&](int shard, int index, const std::string& payload, int64_t received_ns) {
        checks[index].OnFrame(payload, received_ns, account, run_tag, *tallies[shard]);
      });
  const int64_t connect_start = SteadyNanos();
  pool.Open(absl::Seconds(30) + absl::Milliseconds(options.subscribers));
  const double connect_seconds = static_cast<double>(SteadyNanos() - connect_start) / 1e9;
  std::vector<bool> eligible(options.subscribers);
  int eligible_count = 0;
  for (int i = 0; i < options.subscribers; ++i) {
    eligible[i] = pool.IsOpen(i);
    eligible_count += eligible[i] ? 1 : 0;
  }

  TrackProducerOptions producer_options;
  producer_options.rate = options.rate;
  producer_options.duration = options.duration;
  producer_options.payload_bytes = options.payload_bytes;
  producer_options.run_tag = run_tag;
  producer_options.max_in_flight = options.max_in_flight;
  producer_options.may_send = [&](uint64_t sent) {
    const uint64_t undelivered_limit = std::max<uint64_t>(options.max_undelivered, eligible_count);
    return sent * eligible_count <= TotalDelivered(tallies) + undelivered_limit;
  };
  TrackProducer producer(**publisher, producer_options);
  ProgressLine progress("fanout", options.duration, [&] {
    return absl::StrCat(producer.sent(), " sent  ", TotalDelivered(tallies), " delivered");
  });
  const TrackProducerResult produced = producer.Run();
  const int64_t drain_start = SteadyNanos();
  const int64_t drain_end = drain_start + absl::ToInt64Nanoseconds(options.drain);
  const uint64_t expected = produced.accepted * static_cast<uint64_t>(eligible_count);
  while (TotalDelivered(tallies) < expected && SteadyNanos() < drain_end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double drain_seconds = static_cast<double>(SteadyNanos() - drain_start) / 1e9;
  progress.Stop();
  const SubscriberPoolCounts counts = pool.Counts();
  pool.CloseAll(absl::Seconds(5));

  uint64_t lost = 0;
  uint64_t unconfirmed = 0;
  for (int i = 0; i < options.subscribers; ++i) {
    if (eligible[i]) lost += checks[i].CountMissing(produced.accepted_ids);
    unconfirmed += checks[i].CountUnconfirmed(produced.accepted_ids);
  }
  DeliveryTally total;
  for (const auto& tally : tallies) {
    total.latency.Merge(tally->latency);
    total.delivered += tally->delivered;
    total.duplicates += tally->duplicates;
    total.out_of_order += tally->out_of_order;
    total.wrong_account += tally->wrong_account;
    total.malformed += tally->malformed;
    total.foreign += tally->foreign;
  }
  uint64_t connect_failures = 0;
  for (const auto& [reason, count] : counts.failed) connect_failures += count;

  const double wall_seconds = static_cast<double>(SteadyNanos() - run_start) / 1e9;
  const double window = std::max(produced.send_seconds, 1e-3);
  Report report;
  report["command"] = "fanout";
  Report params = {{"via", FanoutViaName(options.via)}, {"edge", options.edge.ToString()}};
  if (options.via == FanoutVia::kGrpc) params["core"] = options.core.ToString();
  params["subscribers"] = options.subscribers;
  params["rate"] = options.rate ? Report(*options.rate) : Report("max");
  params["duration_s"] = absl::ToDoubleSeconds(options.duration);
  params["payload_bytes"] = options.payload_bytes;
  params["accounts"] = options.accounts;
  params["max_in_flight"] = options.max_in_flight;
  params["max_undelivered"] = options.max_undelivered;
  report["params"] = std::move(params);
  report["subscribers_connected"] = eligible_count;
  report["connect_s"] = connect_seconds;
  report["sent"] = produced.sent;
  report["accepted"] = produced.accepted;
  report["accepted_per_s"] = static_cast<double>(produced.accepted) / window;
  report["deliveries"] = total.delivered;
  report["deliveries_per_s"] = static_cast<double>(total.delivered) / window;
  report["expected_deliveries"] = expected;
  report["drain_s"] = drain_seconds;
  report["late_sends"] = produced.late_sends;
  report["e2e_latency_us"] = LatencyJson(total.latency);
  report["track_latency_us"] = LatencyJson(produced.track_latency);
  report["lost"] = lost;
  report["duplicated"] = total.duplicates;
  report["out_of_order"] = total.out_of_order;
  report["wrong_account"] = total.wrong_account;
  report["malformed"] = total.malformed;
  report["connect_failures"] = connect_failures;
  report["violations"] = lost + total.duplicates + total.out_of_order + total.wrong_account +
                         total.malformed + connect_failures;
  report["bench_cpu_cores"] = ProcessCpuSeconds() / wall_seconds;
  report["foreign_events"] = total.foreign;
  report["unconfirmed_deliveries"] = unconfirmed;
  report["track_errors"] = CountsJson(produced.errors);
  report["connect_failure_reasons"] = CountsJson(counts.failed);
  report["closed_by_server"] = CountsJson(counts.closed_by_server);
  return report;
}

}  // namespace beacon::bench
