#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "observability/metrics.h"

namespace beacon::observability {

// Label names and values of one series, e.g. {{"reason", "inactive_account"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

// The metrics of one process, rendered in the Prometheus text format.
//
// A metric name (a family) has one type and one help text; each distinct label set of it is a
// series. Registering the same name and labels again returns the series already registered, so
// components can look series up by labels; registering a name with another type is a broken
// invariant and aborts. Hot paths keep the returned reference instead of looking it up again.
//
// Threading: all methods are thread-safe; Counter/Gauge/Histogram updates take no lock.
// Lifetime: returned references live as long as the registry. Functions given to the Add*Function
// methods are called from PrometheusText() (the admin server's thread) until the registry is
// destroyed, so what they read must outlive it or the admin server must be stopped first.
class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& AddCounter(absl::string_view name, absl::string_view help, Labels labels = {});
  Gauge& AddGauge(absl::string_view name, absl::string_view help, Labels labels = {});
  Histogram& AddHistogram(absl::string_view name, absl::string_view help,
                          std::vector<double> upper_bounds, Labels labels = {});
  // A counter or gauge whose value another component keeps (queue lengths, RocksDB
  // properties): `read` is called at every scrape.
  void AddCounterFunction(absl::string_view name, absl::string_view help, Labels labels,
                          std::function<double()> read);
  void AddGaugeFunction(absl::string_view name, absl::string_view help, Labels labels,
                        std::function<double()> read);

  // Called at the start of every PrometheusText(), before any series is read: lets a component
  // take one snapshot of costly values (RocksDB properties) that several functions then read.
  void AddScrapeHook(std::function<void()> hook);

  // Every family in registration order, each series in registration order.
  std::string PrometheusText() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series {
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> read;
  };
  struct Family {
    std::string name;
    std::string help;
    Type type;
    std::vector<std::unique_ptr<Series>> series;
  };

  void AddFunction(absl::string_view name, absl::string_view help, Type type, const Labels& labels,
                   std::function<double()> read);
  // Returns the series of `name` with `labels`, creating family and series when missing; `created`
  // tells which.
  Series& FindOrAdd(absl::string_view name, absl::string_view help, Type type, const Labels& labels,
                    bool& created) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  // Held while scraping, also while hooks and functions run: they must not register metrics.
  mutable absl::Mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::function<void()>> scrape_hooks_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace beacon::observability
