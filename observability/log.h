#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/flags/declare.h"
#include "absl/strings/string_view.h"

namespace beacon::observability {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

// Flag syntax: debug|info|warning|error and text|json.
bool AbslParseFlag(absl::string_view text, LogLevel* level, std::string* error);
std::string AbslUnparseFlag(LogLevel level);
bool AbslParseFlag(absl::string_view text, LogFormat* format, std::string* error);
std::string AbslUnparseFlag(LogFormat format);

// One key=value of a log line. Values are never event payloads or secrets: callers pass ids,
// addresses, counts and status messages (the edge redacts tokens first).
struct LogField {
  LogField(absl::string_view key, absl::string_view value) : key(key), value(value) {}
  LogField(absl::string_view key, const std::string& value) : key(key), value(value) {}
  LogField(absl::string_view key, const char* value) : key(key), value(value) {}
  LogField(absl::string_view key, int64_t value);
  LogField(absl::string_view key, uint64_t value);
  LogField(absl::string_view key, int value) : LogField(key, static_cast<int64_t>(value)) {}

  absl::string_view key;
  std::string value;
};

bool LogEnabled(LogLevel level);

// Writes one line to stderr if `level` is at or above --log_level, in --log_format:
//   text: 2026-11-29T22:40:01.123Z INFO beacon-core: listening address=127.0.0.1:50051
//   json: {"time":"2026-11-29T22:40:01.123Z","level":"info","process":"beacon-core",
//          "message":"listening","address":"127.0.0.1:50051"}
// Threading: any thread; each line is written with one write(2), so lines never interleave.
void Log(LogLevel level, absl::string_view message, std::initializer_list<LogField> fields = {});

inline void LogDebug(absl::string_view message, std::initializer_list<LogField> fields = {}) {
  if (LogEnabled(LogLevel::kDebug)) Log(LogLevel::kDebug, message, fields);
}
inline void LogInfo(absl::string_view message, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kInfo, message, fields);
}
inline void LogWarning(absl::string_view message, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kWarning, message, fields);
}
inline void LogError(absl::string_view message, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kError, message, fields);
}

}  // namespace beacon::observability

ABSL_DECLARE_FLAG(beacon::observability::LogLevel, log_level);
ABSL_DECLARE_FLAG(beacon::observability::LogFormat, log_format);
