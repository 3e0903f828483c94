#include "observability/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace beacon::observability {
namespace {

// Runs `write_logs` with stderr redirected to a temporary file and returns what it wrote.
template <typename Fn>
std::string CaptureStderr(Fn write_logs) {
  char path[] = "/tmp/beacon_log_test_XXXXXX";
  const int file = mkstemp(path);
  const int saved = dup(STDERR_FILENO);
  dup2(file, STDERR_FILENO);
  write_logs();
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::string text;
  char buffer[4096];
  lseek(file, 0, SEEK_SET);
  for (ssize_t n; (n = read(file, buffer, sizeof(buffer))) > 0;) text.append(buffer, n);
  close(file);
  unlink(path);
  return text;
}

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override {
    absl::SetFlag(&FLAGS_log_level, LogLevel::kInfo);
    absl::SetFlag(&FLAGS_log_format, LogFormat::kText);
  }
};

TEST_F(LogTest, TextLineHasTimeLevelProcessMessageAndFields) {
  const std::string text = CaptureStderr([] {
    LogInfo("listening", {{"address", "127.0.0.1:9090"}, {"reason", "two words"}, {"n", 3}});
  });
  // 2026-11-29T22:40:01.123Z INFO observability_test: listening address=... reason="two words"
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_EQ(text[4], '-');
  EXPECT_EQ(text[23], 'Z') << text;
  EXPECT_TRUE(absl::StrContains(
      text,
      " INFO observability_test: listening address=127.0.0.1:9090 reason=\"two words\" n=3\n"))
      << text;
}

TEST_F(LogTest, LevelFlagDropsLessSevereLines) {
  absl::SetFlag(&FLAGS_log_level, LogLevel::kWarning);
  const std::string text = CaptureStderr([] {
    LogDebug("debug line");
    LogInfo("info line");
    LogWarning("warning line");
    LogError("error line");
  });
  EXPECT_FALSE(absl::StrContains(text, "debug line"));
  EXPECT_FALSE(absl::StrContains(text, "info line"));
  EXPECT_TRUE(absl::StrContains(text, "WARNING observability_test: warning line"));
  EXPECT_TRUE(absl::StrContains(text, "ERROR observability_test: error line"));

  absl::SetFlag(&FLAGS_log_level, LogLevel::kDebug);
  EXPECT_TRUE(absl::StrContains(CaptureStderr([] { LogDebug("debug line"); }), "DEBUG"));
}

TEST_F(LogTest, JsonFormatIsOneObjectPerLine) {
  absl::SetFlag(&FLAGS_log_format, LogFormat::kJson);
  const std::string text = CaptureStderr([] {
    LogError("cannot open \"db\"", {{"path", "/var/lib/beacon"}});
    LogInfo("second");
  });
  const size_t newline = text.find('\n');
  ASSERT_NE(newline, std::string::npos);
  const nlohmann::json first = nlohmann::json::parse(text.substr(0, newline));
  EXPECT_EQ(first["level"], "error");
  EXPECT_EQ(first["process"], "observability_test");
  EXPECT_EQ(first["message"], "cannot open \"db\"");
  EXPECT_EQ(first["path"], "/var/lib/beacon");
  EXPECT_TRUE(absl::EndsWith(first["time"].get<std::string>(), "Z"));
  EXPECT_EQ(nlohmann::json::parse(text.substr(newline + 1))["message"], "second");
}

TEST_F(LogTest, NewlinesInsideATextEntryCannotForgeASecondEntry) {
  const std::string text = CaptureStderr([] {
    LogWarning("bad\nERROR forged", {{"detail", "x\ny"}});
  });
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

TEST_F(LogTest, FlagsParseNamesAndRejectOthers) {
  LogLevel level;
  LogFormat format;
  std::string error;
  EXPECT_TRUE(AbslParseFlag("debug", &level, &error));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_TRUE(AbslParseFlag("json", &format, &error));
  EXPECT_EQ(format, LogFormat::kJson);
  EXPECT_FALSE(AbslParseFlag("verbose", &level, &error));
  EXPECT_EQ(error, "must be one of: debug info warning error");
  EXPECT_EQ(AbslUnparseFlag(LogLevel::kWarning), "warning");
}

}  // namespace
}  // namespace beacon::observability
