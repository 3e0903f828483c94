// Listen and core addresses: HOST:PORT and [IPV6]:PORT.
#include "edge/api/host_port.h"

#include <boost/asio/ip/tcp.hpp>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

TEST(HostPortTest, SplitsHostAndPortAndStripsIpv6Brackets) {
  const auto v4 = ParseHostPort("0.0.0.0:8082");
  ASSERT_TRUE(v4.ok()) << v4.status();
  EXPECT_EQ(v4->host, "0.0.0.0");
  EXPECT_EQ(v4->port, "8082");
  const auto v6 = ParseHostPort("[::1]:0");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "0");
  EXPECT_EQ(ParseHostPort("localhost:65535")->host, "localhost");
}

TEST(HostPortTest, MissingOrBadPartsAreInvalidArgumentQuotingTheAddress) {
  EXPECT_EQ(ParseHostPort("8082").status(),
            absl::InvalidArgumentError("expected HOST:PORT, got '8082'"));
  for (const char* bad : {":8082", "host:", "host:http", "host:65536", "[]:1"}) {
    EXPECT_EQ(ParseHostPort(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(HostPortTest, EndpointsFormatTheWayTheyAreParsed) {
  using boost::asio::ip::make_address;
  using boost::asio::ip::tcp;
  EXPECT_EQ(FormatEndpoint(tcp::endpoint(make_address("127.0.0.1"), 8082)), "127.0.0.1:8082");
  EXPECT_EQ(FormatEndpoint(tcp::endpoint(make_address("::1"), 8082)), "[::1]:8082");
}

}  // namespace
}  // namespace beacon::edge
