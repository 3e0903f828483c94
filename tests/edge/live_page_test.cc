// GET /: the live page (edge/live_page.html) over plain HTTP, and the page itself driven in a
// real headless Chromium by live_page_browser.py against a real core and edge.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "child_process.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace beacon::testing {
namespace {

using std::chrono::seconds;

constexpr char kPolicy[] =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

httplib::Client Client(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(seconds(5));
  client.set_read_timeout(seconds(15));
  return client;
}

// The page needs no core: it is served by the edge alone.
TEST(LivePageHttpTest, GetSlashServesTheHtmlPageWithStrictHeaders) {
  const auto edge = StartEdgeWithoutCore();
  for (const std::string target : {"/", "/?account=celtra"}) {
    const auto result = Get(edge->port(), target);
    ASSERT_TRUE(result) << Describe(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(result->get_header_value("Cache-Control"), "no-cache");
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(result->get_header_value("Content-Security-Policy"), kPolicy);
    EXPECT_EQ(result->body.rfind("<!doctype html>", 0), 0u) << result->body.substr(0, 100);
    EXPECT_NE(result->body.find("/subscribe?"), std::string::npos);
    EXPECT_NE(result->body.find("</html>"), std::string::npos);
  }
}

TEST(LivePageHttpTest, OtherMethodsOnSlashAre405WithAllowGet) {
  const auto edge = StartEdgeWithoutCore();
  const auto post = Client(edge->port()).Post("/", "{}", "application/json");
  ASSERT_TRUE(IsJsonError(post, 405));
  EXPECT_EQ(post->get_header_value("Allow"), "GET");
  const auto head = Client(edge->port()).Head("/");
  ASSERT_TRUE(head) << Describe(head);
  EXPECT_EQ(head->status, 405);
  EXPECT_EQ(head->get_header_value("Allow"), "GET");
  EXPECT_TRUE(IsJsonError(Get(edge->port(), "/index.html"), 404));
}

class LivePageBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = BinaryPath("BEACON_CHROMIUM");
    ASSERT_TRUE(access(chromium_.c_str(), X_OK) == 0)
        << "no Chromium at " << chromium_
        << ": install the Debian package chromium (scripts/install-deps.sh does) or point "
           "BEACON_CHROMIUM at one";
    ASSERT_TRUE(stack_.Start());
  }

  // In the build tree's test-artifacts folder (created), with no older file of that name.
  static std::string ScreenshotPath(const std::string& name) {
    const std::filesystem::path artifacts(BEACON_TEST_ARTIFACTS_DIR);
    std::filesystem::create_directories(artifacts);
    std::filesystem::remove(artifacts / name);
    return (artifacts / name).string();
  }

  static void ExpectScreenshot(const std::string& path) {
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    EXPECT_GT(std::filesystem::file_size(path), 1000u) << path;
    std::cout << "live page screenshot: " << path << std::endl;
  }

  // Runs live_page_browser.py's `scenario` (Chromium's profile in work_dir_, removed after).
  std::unique_ptr<ChildProcess> RunBrowser(const std::string& scenario,
                                           const std::string& screenshot) {
    return std::make_unique<ChildProcess>(std::vector<std::string>{
        BinaryPath("BEACON_LIVE_PAGE_BROWSER_PY"), chromium_, std::to_string(stack_.edge_port()),
        work_dir_.path(), screenshot, scenario});
  }

  // The script gives up by itself after 85 s.
  static void ExpectPassed(ChildProcess& browser) {
    EXPECT_EQ(browser.WaitExit(seconds(100)), 0) << "stdout:\n"
                                                 << browser.Stdout() << "stderr:\n"
                                                 << browser.Stderr();
  }

  std::string chromium_;
  TempDir work_dir_;
  EdgeStack stack_;
};

TEST_F(LivePageBrowserTest, ShowsPostedEventsAsTextCountsThemAndPausesAndClears) {
  const std::string screenshot = ScreenshotPath("live_page.png");
  const auto browser = RunBrowser("basic", screenshot);
  ExpectPassed(*browser);
  ExpectScreenshot(screenshot);
}

TEST_F(LivePageBrowserTest, ReconnectsAfterACoreRestartAndResumesWithSince) {
  const std::string screenshot = ScreenshotPath("live_page_resume.png");
  const auto browser = RunBrowser("resume", screenshot);
  ASSERT_TRUE(browser->WaitForStdout("restart the core\n", seconds(60)))
      << browser->Stdout() << browser->Stderr();

  ASSERT_TRUE(stack_.RestartCore());
  // The edge reaches the new core after its channel's reconnect backoff.
  std::string posted;
  for (int attempt = 0; attempt < 300 && posted.empty(); ++attempt) {
    const auto result = PostEvent(stack_.edge_port(), "celtra", "after the restart");
    if (result && result->status == 200) {
      posted = result->body;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ASSERT_FALSE(posted.empty()) << "the edge did not reach the restarted core";
  // Written whole, then renamed: the script never reads a half-written file.
  const std::string path = work_dir_.path() + "/posted.json";
  std::ofstream(path + ".tmp") << posted;
  std::filesystem::rename(path + ".tmp", path);

  ExpectPassed(*browser);
  ExpectScreenshot(screenshot);
}

}  // namespace
}  // namespace beacon::testing
