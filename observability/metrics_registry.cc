#include "observability/metrics_registry.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "observability/prometheus_text.h"

namespace beacon::observability {
namespace {

[[noreturn]] void BrokenInvariant(absl::string_view what, absl::string_view name) {
  std::fprintf(stderr, "MetricsRegistry: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(name.size()), name.data());
  std::abort();
}

const char* TypeName(int type) {
  static const char* const kNames[] = {"counter", "gauge", "histogram"};
  return kNames[type];
}

}  // namespace

MetricsRegistry::Series& MetricsRegistry::FindOrAdd(absl::string_view name, absl::string_view help,
                                                    Type type, const Labels& labels,
                                                    bool& created) {
  if (!IsValidMetricName(name)) BrokenInvariant("invalid metric name", name);
  for (const auto& [label, value] : labels) {
    if (!IsValidLabelName(label) || label == "le") BrokenInvariant("invalid label name", label);
  }
  Family* family = nullptr;
  for (const std::unique_ptr<Family>& candidate : families_) {
    if (candidate->name == name) family = candidate.get();
  }
  if (family == nullptr) {
    families_.push_back(
        std::make_unique<Family>(Family{std::string(name), std::string(help), type, {}}));
    family = families_.back().get();
  } else if (family->type != type) {
    BrokenInvariant("registered again with another type", name);
  }
  for (const std::unique_ptr<Series>& series : family->series) {
    if (series->labels == labels) {
      created = false;
      return *series;
    }
  }
  family->series.push_back(std::make_unique<Series>());
  family->series.back()->labels = labels;
  created = true;
  return *family->series.back();
}

Counter& MetricsRegistry::AddCounter(absl::string_view name, absl::string_view help,
                                     Labels labels) {
  absl::MutexLock lock(&mutex_);
  bool created = false;
  Series& series = FindOrAdd(name, help, Type::kCounter, labels, created);
  if (created) series.counter = std::make_unique<Counter>();
  if (series.counter == nullptr) BrokenInvariant("counter already registered as a function", name);
  return *series.counter;
}

Gauge& MetricsRegistry::AddGauge(absl::string_view name, absl::string_view help, Labels labels) {
  absl::MutexLock lock(&mutex_);
  bool created = false;
  Series& series = FindOrAdd(name, help, Type::kGauge, labels, created);
  if (created) series.gauge = std::make_unique<Gauge>();
  if (series.gauge == nullptr) BrokenInvariant("gauge already registered as a function", name);
  return *series.gauge;
}

Histogram& MetricsRegistry::AddHistogram(absl::string_view name, absl::string_view help,
                                         std::vector<double> upper_bounds, Labels labels) {
  absl::MutexLock lock(&mutex_);
  bool created = false;
  Series& series = FindOrAdd(name, help, Type::kHistogram, labels, created);
  if (created) series.histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  return *series.histogram;
}

void MetricsRegistry::AddCounterFunction(absl::string_view name, absl::string_view help,
                                         Labels labels, std::function<double()> read) {
  AddFunction(name, help, Type::kCounter, labels, std::move(read));
}

void MetricsRegistry::AddGaugeFunction(absl::string_view name, absl::string_view help,
                                       Labels labels, std::function<double()> read) {
  AddFunction(name, help, Type::kGauge, labels, std::move(read));
}

void MetricsRegistry::AddFunction(absl::string_view name, absl::string_view help, Type type,
                                  const Labels& labels, std::function<double()> read) {
  absl::MutexLock lock(&mutex_);
  bool created = false;
  Series& series = FindOrAdd(name, help, type, labels, created);
  if (!created) BrokenInvariant("series registered twice", name);
  series.read = std::move(read);
}

void MetricsRegistry::AddScrapeHook(std::function<void()> hook) {
  absl::MutexLock lock(&mutex_);
  scrape_hooks_.push_back(std::move(hook));
}

std::string MetricsRegistry::PrometheusText() const {
  absl::MutexLock lock(&mutex_);
  for (const std::function<void()>& hook : scrape_hooks_) hook();
  std::string out;
  for (const std::unique_ptr<Family>& family : families_) {
    absl::StrAppend(&out, "# HELP ", family->name, " ", PrometheusHelp(family->help), "\n");
    absl::StrAppend(&out, "# TYPE ", family->name, " ", TypeName(static_cast<int>(family->type)),
                    "\n");
    for (const std::unique_ptr<Series>& series : family->series) {
      const std::string labels = PrometheusLabels(series->labels);
      if (series->histogram != nullptr) {
        const Histogram::Snapshot snapshot = series->histogram->TakeSnapshot();
        for (size_t i = 0; i < snapshot.cumulative_counts.size(); ++i) {
          const std::string le = i < snapshot.upper_bounds.size()
                                     ? PrometheusNumber(snapshot.upper_bounds[i])
                                     : std::string("+Inf");
          absl::StrAppend(&out, family->name, "_bucket",
                          PrometheusLabels(series->labels, {{"le", le}}), " ",
                          snapshot.cumulative_counts[i], "\n");
        }
        absl::StrAppend(&out, family->name, "_sum", labels, " ", PrometheusNumber(snapshot.sum),
                        "\n");
        absl::StrAppend(&out, family->name, "_count", labels, " ",
                        snapshot.cumulative_counts.back(), "\n");
      } else if (series->counter != nullptr) {
        absl::StrAppend(&out, family->name, labels, " ", series->counter->value(), "\n");
      } else if (series->gauge != nullptr) {
        absl::StrAppend(&out, family->name, labels, " ", series->gauge->value(), "\n");
      } else {
        absl::StrAppend(&out, family->name, labels, " ", PrometheusNumber(series->read()), "\n");
      }
    }
  }
  return out;
}

}  // namespace beacon::observability
