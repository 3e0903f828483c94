#include "observability/prometheus_text.h"

#include <charconv>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace beacon::observability {
namespace {

void AppendEscaped(absl::string_view text, bool escape_quotes, std::string& out) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

bool IsValidName(absl::string_view name, bool allow_colon) {
  if (name.empty() || absl::ascii_isdigit(name[0])) return false;
  for (const char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_' && !(allow_colon && c == ':')) return false;
  }
  return true;
}

}  // namespace

std::string PrometheusNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Whole numbers up to 2^53 (byte sizes, counts) print without an exponent.
  if (value == std::trunc(value) && std::fabs(value) <= 9007199254740992.0) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general);
  return std::string(buffer, result.ptr);
}

std::string PrometheusLabels(const Labels& labels, const Labels& extra) {
  if (labels.empty() && extra.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const Labels* list : {&labels, &extra}) {
    for (const auto& [name, value] : *list) {
      if (!first) out += ',';
      first = false;
      absl::StrAppend(&out, name, "=\"");
      AppendEscaped(value, /*escape_quotes=*/true, out);
      out += '"';
    }
  }
  out += '}';
  return out;
}

std::string PrometheusHelp(absl::string_view help) {
  std::string out;
  AppendEscaped(help, /*escape_quotes=*/false, out);
  return out;
}

bool IsValidMetricName(absl::string_view name) { return IsValidName(name, /*allow_colon=*/true); }

bool IsValidLabelName(absl::string_view name) { return IsValidName(name, /*allow_colon=*/false); }

}  // namespace beacon::observability
