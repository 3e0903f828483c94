#include "observability/admin_http_server.h"

#include <httplib.h>

#include <atomic>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "gtest/gtest.h"

namespace beacon::observability {
namespace {

int PortOf(const std::string& address) {
  int port = 0;
  EXPECT_TRUE(absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &port)) << address;
  return port;
}

class AdminHttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.AddCounter("beacon_test_requests_total", "Requests.").Increment(2);
    const absl::StatusOr<std::string> address = server_.Start("127.0.0.1:0");
    ASSERT_TRUE(address.ok()) << address.status();
    EXPECT_TRUE(absl::StartsWith(*address, "127.0.0.1:")) << *address;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", PortOf(*address));
  }

  MetricsRegistry registry_;
  std::atomic<bool> ready_{true};
  AdminHttpServer server_{
      registry_,
      [this] { return ready_ ? absl::OkStatus() : absl::UnavailableError("core not reachable"); }};
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(AdminHttpServerTest, MetricsInPrometheusTextFormat) {
  const httplib::Result result = client_->Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(absl::StrContains(result->body, "\nbeacon_test_requests_total 2\n")) << result->body;
}

TEST_F(AdminHttpServerTest, HealthzAlwaysReadyzFollowsTheReadinessCheck) {
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
  EXPECT_EQ(client_->Get("/readyz")->status, 200);
  ready_ = false;
  const httplib::Result not_ready = client_->Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(not_ready->body, "{\"error\":\"core not reachable\"}");
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
}

TEST_F(AdminHttpServerTest, UnknownPathsMethodsAndBodiesAreRefusedWithJsonErrors) {
  const httplib::Result missing = client_->Get("/metricz");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "{\"error\":\"Not found\"}");
  const httplib::Result post = client_->Post("/metrics", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
}

TEST(AdminHttpServerStartTest, ABadOrTakenAddressIsAnError) {
  MetricsRegistry registry;
  AdminHttpServer first(registry, [] { return absl::OkStatus(); });
  const absl::StatusOr<std::string> bound = first.Start("127.0.0.1:0");
  ASSERT_TRUE(bound.ok());
  AdminHttpServer second(registry, [] { return absl::OkStatus(); });
  EXPECT_EQ(second.Start(*bound).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(second.Start("no-port").status().code(), absl::StatusCode::kInvalidArgument);
  first.Stop();
  first.Stop();  // idempotent
}

}  // namespace
}  // namespace beacon::observability
