#include "clients/bench/latency_recorder.h"

#include <algorithm>
#include <cmath>

namespace beacon::bench {

int LatencyRecorder::IndexOf(uint64_t value) {
  if (value < kSubBuckets) return static_cast<int>(value);
  const int exponent = 63 - __builtin_clzll(value);
  if (exponent > kMaxExponent) return kBucketCount - 1;
  const int shift = exponent - kSubBucketBits;
  const int sub = static_cast<int>((value >> shift) & (kSubBuckets - 1));
  return kSubBuckets + shift * kSubBuckets + sub;
}

int64_t LatencyRecorder::UpperBoundOf(int index) {
  if (index < kSubBuckets) return index;
  const int shift = (index - kSubBuckets) / kSubBuckets;
  const int sub = (index - kSubBuckets) % kSubBuckets;
  const int64_t lower = (static_cast<int64_t>(kSubBuckets + sub)) << shift;
  return lower + (int64_t{1} << shift) - 1;
}

void LatencyRecorder::Record(int64_t nanos) {
  const int64_t value = std::max<int64_t>(nanos, 0);
  ++buckets_[IndexOf(static_cast<uint64_t>(value))];
  ++count_;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += value;
}

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  for (int i = 0; i < kBucketCount; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

int64_t LatencyRecorder::ValueAt(double quantile) const {
  if (count_ == 0) return 0;
  const double clamped = std::clamp(quantile, 0.0, 1.0);
  const uint64_t rank = std::max<uint64_t>(
      1, static_cast<uint64_t>(std::ceil(clamped * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (int i = 0; i < kBucketCount; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::clamp(UpperBoundOf(i), min(), max_);
  }
  return max_;
}

}  // namespace beacon::bench
