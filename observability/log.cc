#include "observability/log.h"

#include <errno.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

ABSL_FLAG(beacon::observability::LogLevel, log_level, beacon::observability::LogLevel::kInfo,
          "least severe log lines written to stderr: debug | info | warning | error (debug adds "
          "a line per connection and stream)");
ABSL_FLAG(beacon::observability::LogFormat, log_format, beacon::observability::LogFormat::kText,
          "text (one human-readable line per entry) | json (one JSON object per line)");

namespace beacon::observability {
namespace {

constexpr const char* kLevelNames[] = {"debug", "info", "warning", "error"};
constexpr const char* kFormatNames[] = {"text", "json"};

template <typename Enum, size_t N>
bool ParseName(absl::string_view text, const char* const (&names)[N], Enum* value,
               std::string* error) {
  for (size_t i = 0; i < N; ++i) {
    if (absl::AsciiStrToLower(text) == names[i]) {
      *value = static_cast<Enum>(i);
      return true;
    }
  }
  *error = "must be one of:";
  for (const char* name : names) absl::StrAppend(error, " ", name);
  return false;
}

// A value needs quotes in text lines when it is empty or holds a space, quote or '='.
bool NeedsQuotes(absl::string_view value) {
  return value.empty() || value.find_first_of(" \"=\t\n") != absl::string_view::npos;
}

std::string TextLine(LogLevel level, absl::string_view time, absl::string_view message,
                     std::initializer_list<LogField> fields) {
  std::string line =
      absl::StrCat(time, " ", absl::AsciiStrToUpper(kLevelNames[static_cast<int>(level)]), " ",
                   program_invocation_short_name, ": ", message);
  for (const LogField& field : fields) {
    absl::StrAppend(&line, " ", field.key, "=");
    if (NeedsQuotes(field.value)) {
      // JSON string escaping is a well-defined quoting for any bytes.
      line += nlohmann::json(field.value)
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      line += field.value;
    }
  }
  // Messages are single lines; a newline inside one (from an exception text) must not forge a
  // second entry.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  line += '\n';
  return line;
}

std::string JsonLine(LogLevel level, absl::string_view time, absl::string_view message,
                     std::initializer_list<LogField> fields) {
  nlohmann::ordered_json entry;
  entry["time"] = std::string(time);
  entry["level"] = kLevelNames[static_cast<int>(level)];
  entry["process"] = program_invocation_short_name;
  entry["message"] = std::string(message);
  for (const LogField& field : fields) entry[std::string(field.key)] = field.value;
  std::string line = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  return line;
}

void WriteAll(const std::string& line) {
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone; nothing better to do with a log line
    written += static_cast<size_t>(n);
  }
}

}  // namespace

bool AbslParseFlag(absl::string_view text, LogLevel* level, std::string* error) {
  return ParseName(text, kLevelNames, level, error);
}
std::string AbslUnparseFlag(LogLevel level) { return kLevelNames[static_cast<int>(level)]; }
bool AbslParseFlag(absl::string_view text, LogFormat* format, std::string* error) {
  return ParseName(text, kFormatNames, format, error);
}
std::string AbslUnparseFlag(LogFormat format) { return kFormatNames[static_cast<int>(format)]; }

LogField::LogField(absl::string_view key, int64_t value) : key(key), value(absl::StrCat(value)) {}
LogField::LogField(absl::string_view key, uint64_t value) : key(key), value(absl::StrCat(value)) {}

bool LogEnabled(LogLevel level) { return level >= absl::GetFlag(FLAGS_log_level); }

void Log(LogLevel level, absl::string_view message, std::initializer_list<LogField> fields) {
  if (!LogEnabled(level)) return;
  const std::string time =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  WriteAll(absl::GetFlag(FLAGS_log_format) == LogFormat::kJson
               ? JsonLine(level, time, message, fields)
               : TextLine(level, time, message, fields));
}

}  // namespace beacon::observability
