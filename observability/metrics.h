#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace beacon::observability {

// A count that only goes up (Prometheus counter). Threading: any thread; relaxed atomics, so a
// scrape may see one counter's increment before another's.
class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (Prometheus gauge). Threading: any thread.
class Gauge {
 public:
  void Add(int64_t delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Observations counted into fixed buckets (Prometheus histogram). Threading: Observe() from any
// thread; a snapshot taken meanwhile may miss observations in flight, but its buckets are
// cumulative and its count equals its +Inf bucket.
class Histogram {
 public:
  // `upper_bounds`: ascending, finite; the +Inf bucket is implicit.
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<uint64_t> cumulative_counts;  // one per upper bound, then +Inf
    double sum = 0;
  };
  Snapshot TakeSnapshot() const;

 private:
  const std::vector<double> upper_bounds_;
  const std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // upper_bounds_.size() + 1
  std::atomic<double> sum_{0};
};

// Bucket bounds in seconds for request latencies, 100 µs to 10 s.
std::vector<double> LatencySecondsBuckets();

}  // namespace beacon::observability
