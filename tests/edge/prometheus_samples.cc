#include "prometheus_samples.h"

#include <cstdlib>
#include <set>
#include <sstream>
#include <vector>

#include "edge_http.h"

namespace beacon::testing {
namespace {

// "name{labels} value" -> ("name{labels}", "value"); false for a line that is not a sample.
bool SplitSample(const std::string& line, std::string* key, std::string* value) {
  const size_t space = line.rfind(' ');
  if (line.empty() || line[0] == '#' || space == std::string::npos) return false;
  *key = line.substr(0, space);
  *value = line.substr(space + 1);
  return true;
}

std::string NameOf(const std::string& key) { return key.substr(0, key.find('{')); }

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The labels of a bucket sample without its `le`, to group a histogram's series.
std::string SeriesWithoutLe(const std::string& key, std::string* le) {
  const size_t at = key.find("le=\"");
  if (at == std::string::npos) return key;
  const size_t end = key.find('"', at + 4);
  *le = key.substr(at + 4, end - at - 4);
  std::string rest = key.substr(0, at) + key.substr(end + 1);
  // Drop the comma the removed label leaves next to a brace or another comma.
  for (const std::string& pair : {std::string("{,"), std::string(",}"), std::string(",,")}) {
    const size_t p = rest.find(pair);
    if (p != std::string::npos) rest.erase(pair == "{," ? p + 1 : p, 1);
  }
  if (EndsWith(rest, "{}")) rest.resize(rest.size() - 2);
  return rest;
}

}  // namespace

Samples ParseSamples(const std::string& text) {
  Samples samples;
  std::istringstream lines(text);
  std::string line, key, value;
  while (std::getline(lines, line)) {
    if (SplitSample(line, &key, &value)) samples[key] = std::strtod(value.c_str(), nullptr);
  }
  return samples;
}

double ValueOf(const Samples& samples, const std::string& key) {
  const auto it = samples.find(key);
  return it == samples.end() ? 0 : it->second;
}

::testing::AssertionResult IsValidExposition(const std::string& text) {
  std::map<std::string, std::string> types;  // family -> type
  std::set<std::string> helped;
  // histogram series (name without _bucket, labels without le) -> (le, cumulative count)
  std::map<std::string, std::vector<std::pair<std::string, double>>> buckets;
  Samples counts;
  std::istringstream lines(text);
  std::string line, key, value;
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      const std::string name = line.substr(7, line.find(' ', 7) - 7);
      if (!helped.insert(name).second) {
        return ::testing::AssertionFailure() << "second # HELP for " << name;
      }
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      const size_t end = line.find(' ', 7);
      const std::string name = line.substr(7, end - 7);
      if (!types.emplace(name, line.substr(end + 1)).second) {
        return ::testing::AssertionFailure() << "second # TYPE for " << name;
      }
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (!SplitSample(line, &key, &value)) {
      return ::testing::AssertionFailure() << "not a sample: " << line;
    }
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0') {
      return ::testing::AssertionFailure() << "bad value: " << line;
    }
    const std::string name = NameOf(key);
    std::string family = name;
    for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
      const std::string base = name.substr(0, name.size() - std::min(name.size(), suffix.size()));
      if (EndsWith(name, suffix) && types.count(base) && types[base] == "histogram") family = base;
    }
    if (!types.count(family) || !helped.count(family)) {
      return ::testing::AssertionFailure() << "no # HELP and # TYPE before " << line;
    }
    if (family != name && EndsWith(name, "_bucket")) {
      std::string le;
      const std::string series = SeriesWithoutLe(key, &le);
      buckets[family + series.substr(name.size())].emplace_back(le, number);
    } else if (family != name && EndsWith(name, "_count")) {
      counts[family + key.substr(name.size())] = number;
    }
  }
  for (const auto& [series, series_buckets] : buckets) {
    for (size_t i = 1; i < series_buckets.size(); ++i) {
      if (series_buckets[i].second < series_buckets[i - 1].second) {
        return ::testing::AssertionFailure()
               << series << ": bucket le=" << series_buckets[i].first << " below the one before";
      }
    }
    if (series_buckets.back().first != "+Inf") {
      return ::testing::AssertionFailure() << series << ": last bucket is not le=\"+Inf\"";
    }
    if (!counts.count(series) || counts[series] != series_buckets.back().second) {
      return ::testing::AssertionFailure() << series << ": +Inf bucket differs from _count";
    }
  }
  return ::testing::AssertionSuccess();
}

std::string ScrapeMetrics(int port) {
  const httplib::Result result = Get(port, "/metrics");
  if (!result || result->status != 200) {
    ADD_FAILURE() << "GET /metrics: " << Describe(result);
    return "";
  }
  return result->body;
}

}  // namespace beacon::testing
