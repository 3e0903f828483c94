#pragma once

#include <array>
#include <cstdint>

namespace beacon::bench {

// Latency histogram with HdrHistogram-style log buckets: values below 64 ns are exact, above
// that every power of two is split into 64 linear sub-buckets, so any reported percentile is
// within ~1.6% of the true sample. Min, max, count and sum are exact. Values are nanoseconds;
// negative values count as 0 and values beyond ~2^40 ns (18 min) land in the top bucket.
//
// Threading: not synchronized. Each thread (or each shard guarded by its owner's mutex) keeps
// its own recorder and the owner merges them with Merge() once the writers are done.
class LatencyRecorder {
 public:
  void Record(int64_t nanos);
  void Merge(const LatencyRecorder& other);

  uint64_t count() const { return count_; }
  int64_t min() const { return count_ == 0 ? 0 : min_; }
  int64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_; }
  // The value at `quantile` (0..1], e.g. 0.999; 0 when empty. Never above max().
  int64_t ValueAt(double quantile) const;

 private:
  static constexpr int kSubBucketBits = 6;
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kMaxExponent = 40;
  static constexpr int kBucketCount =
      kSubBuckets + (kMaxExponent - kSubBucketBits + 1) * kSubBuckets;

  static int IndexOf(uint64_t value);
  static int64_t UpperBoundOf(int index);

  std::array<uint64_t, kBucketCount> buckets_{};
  uint64_t count_ = 0;
  int64_t min_ = INT64_MAX;
  int64_t max_ = 0;
  __int128 sum_ = 0;
};

}  // namespace beacon::bench
