#include "metrics_scrape.h"

#include <httplib.h>

#include <cmath>
#include <cstring>
#include <set>
#include <sstream>
#include <vector>

namespace beacon::testing {
namespace {

// "name{labels}" → name.
std::string NameOf(const std::string& series) { return series.substr(0, series.find('{')); }

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A histogram bucket's series without its le label, to group the buckets of one series:
// name_bucket{a="b",le="1"} → name_bucket{a="b"}, name_bucket{le="1"} → name_bucket.
std::string WithoutLe(const std::string& series) {
  const size_t le = series.find("le=\"");
  if (le == std::string::npos) return series;
  const size_t end = series.find('"', le + 4) + 1;
  if (series[le - 1] == ',') return series.substr(0, le - 1) + series.substr(end);
  if (series[end] == '}') return series.substr(0, le - 1);
  return series.substr(0, le) + series.substr(end + 1);
}

}  // namespace

std::string ScrapeMetricsText(int admin_port) {
  httplib::Client client("127.0.0.1", admin_port);
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  const httplib::Result result = client.Get("/metrics");
  if (!result || result->status != 200) {
    ADD_FAILURE() << "GET /metrics on port " << admin_port << " failed: "
                  << (result ? std::to_string(result->status) : httplib::to_string(result.error()));
    return "";
  }
  return result->body;
}

MetricSamples ParseMetrics(const std::string& text) {
  MetricSamples samples;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    if (space == std::string::npos) {
      ADD_FAILURE() << "malformed sample line: " << line;
      continue;
    }
    const std::string value = line.substr(space + 1);
    samples[line.substr(0, space)] = value == "+Inf" ? HUGE_VAL : std::stod(value);
  }
  return samples;
}

MetricSamples ScrapeMetrics(int admin_port) { return ParseMetrics(ScrapeMetricsText(admin_port)); }

double Sample(const MetricSamples& samples, const std::string& series) {
  const auto found = samples.find(series);
  return found == samples.end() ? 0 : found->second;
}

::testing::AssertionResult IsValidExposition(const std::string& text) {
  std::map<std::string, std::string> types;  // family → type
  std::set<std::string> helped;
  std::map<std::string, std::vector<double>> buckets;  // histogram series → bucket values
  std::map<std::string, double> counts;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string hash, keyword, family;
    if (line.rfind("# HELP ", 0) == 0) {
      words >> hash >> keyword >> family;
      helped.insert(family);
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::string type;
      words >> hash >> keyword >> family >> type;
      if (!helped.count(family))
        return ::testing::AssertionFailure() << "TYPE before HELP: " << line;
      types[family] = type;
      continue;
    }
    if (line.empty()) continue;
    const size_t space = line.rfind(' ');
    if (space == std::string::npos) return ::testing::AssertionFailure() << "malformed: " << line;
    const std::string series = line.substr(0, space);
    const std::string name = NameOf(series);
    std::string base = name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      if (EndsWith(name, suffix) && types.count(name.substr(0, name.size() - strlen(suffix))) &&
          types[name.substr(0, name.size() - strlen(suffix))] == "histogram") {
        base = name.substr(0, name.size() - strlen(suffix));
      }
    }
    if (!types.count(base)) return ::testing::AssertionFailure() << "no # TYPE for " << line;
    if (types[base] == "counter" && !EndsWith(base, "_total")) {
      return ::testing::AssertionFailure() << "counter without _total: " << base;
    }
    const std::string value = line.substr(space + 1);
    const double number = value == "+Inf" ? HUGE_VAL : std::stod(value);
    if (EndsWith(name, "_bucket")) buckets[WithoutLe(series)].push_back(number);
    if (types[base] == "histogram" && EndsWith(name, "_count")) {
      counts[base + series.substr(name.size())] = number;
    }
  }
  for (const auto& [series, values] : buckets) {
    for (size_t i = 1; i < values.size(); ++i) {
      if (values[i] < values[i - 1]) {
        return ::testing::AssertionFailure() << "buckets not cumulative: " << series;
      }
    }
    const std::string key =
        NameOf(series).substr(0, NameOf(series).size() - 7) + series.substr(NameOf(series).size());
    if (!counts.count(key) || counts[key] != values.back()) {
      return ::testing::AssertionFailure() << "+Inf bucket differs from _count: " << series;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace beacon::testing
