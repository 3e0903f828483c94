#include "clients/bench/reachability.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace beacon::bench {

absl::Status CheckTcpReachable(const HostPort& target, absl::string_view what,
                               absl::Duration timeout) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code result = boost::asio::error::would_block;
  boost::system::error_code resolve_error;
  boost::asio::ip::tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(target.host, std::to_string(target.port), resolve_error);
  if (resolve_error) {
    return absl::UnavailableError(absl::StrCat("cannot resolve ", what, " address ",
                                               target.ToString(), ": ", resolve_error.message()));
  }
  boost::asio::async_connect(socket, endpoints,
                             [&](const boost::system::error_code& error,
                                 const boost::asio::ip::tcp::endpoint&) { result = error; });
  io.run_for(std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout)));
  if (result == boost::asio::error::would_block) {
    return absl::UnavailableError(absl::StrCat("cannot reach ", what, " at ", target.ToString(),
                                               ": no answer within ",
                                               absl::FormatDuration(timeout)));
  }
  if (result) {
    return absl::UnavailableError(
        absl::StrCat("cannot reach ", what, " at ", target.ToString(), ": ", result.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectToCore(const HostPort& target,
                                                             absl::Duration timeout) {
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(target.ToString(), grpc::InsecureChannelCredentials());
  const auto deadline = std::chrono::system_clock::now() +
                        std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout));
  if (!channel->WaitForConnected(deadline)) {
    return absl::UnavailableError(absl::StrCat("cannot reach beacon-core at ", target.ToString(),
                                               ": gRPC channel not ready after ",
                                               absl::FormatDuration(timeout)));
  }
  return channel;
}

}  // namespace beacon::bench
