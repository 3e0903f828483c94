#include "clients/bench/report.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"

namespace beacon::bench {

namespace {

double Micros(int64_t nanos) { return static_cast<double>(nanos) / 1000.0; }

double Rounded(double value) { return static_cast<double>(static_cast<int64_t>(value * 10)) / 10; }

std::string LatencyLine(const Report& latency) {
  std::string line = absl::StrFormat("n=%d", latency.value("count", 0));
  for (const char* key : {"p50", "p90", "p99", "p99.9", "max"}) {
    if (latency.contains(key)) {
      absl::StrAppendFormat(&line, "  %s %.3f ms", key, latency[key].get<double>() / 1000.0);
    }
  }
  return line;
}

std::string Scalar(const Report& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) return absl::StrFormat("%.1f", value.get<double>());
  return value.dump();
}

void WriteHuman(const Report& object, int depth, std::ostream& out) {
  const std::string indent(2 * depth, ' ');
  for (const auto& [key, value] : object.items()) {
    if (value.is_object() && absl::EndsWith(key, "latency_us")) {
      out << indent << key.substr(0, key.size() - 3) << ": " << LatencyLine(value) << "\n";
    } else if (value.is_object()) {
      out << indent << key << ":" << (value.empty() ? " none" : "") << "\n";
      WriteHuman(value, depth + 1, out);
    } else {
      out << indent << key << ": " << Scalar(value) << "\n";
    }
  }
}

}  // namespace

Report LatencyJson(const LatencyRecorder& recorder) {
  Report json;
  json["count"] = recorder.count();
  json["mean"] = Rounded(recorder.mean() / 1000.0);
  json["p50"] = Rounded(Micros(recorder.ValueAt(0.50)));
  json["p90"] = Rounded(Micros(recorder.ValueAt(0.90)));
  json["p99"] = Rounded(Micros(recorder.ValueAt(0.99)));
  json["p99.9"] = Rounded(Micros(recorder.ValueAt(0.999)));
  json["max"] = Rounded(Micros(recorder.max()));
  return json;
}

void WriteReport(const Report& report, bool as_json, std::ostream& out) {
  if (as_json) {
    out << report.dump() << std::endl;
    return;
  }
  WriteHuman(report, 0, out);
  out.flush();
}

}  // namespace beacon::bench
