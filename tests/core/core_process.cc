#include "core_process.h"

namespace beacon::testing {

CoreProcess::CoreProcess(std::vector<std::string> extra_flags) {
  std::vector<std::string> args = {"--listen=127.0.0.1:0", "--data_dir=" + data_dir_.path()};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  process_ = std::make_unique<BeaconProcess>(BinaryPath("BEACON_CORE_BIN"), std::move(args));
}

bool CoreProcess::Start() {
  if (!process_->Start()) return false;
  channel_ = grpc::CreateChannel(process_->address(), grpc::InsecureChannelCredentials());
  stub_ = beacon::v1::Tracking::NewStub(channel_);
  return true;
}

grpc::Status CoreProcess::Track(const std::string& account, const std::string& data,
                                beacon::v1::TrackResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  beacon::v1::TrackRequest request;
  request.set_account_id(account);
  request.set_data(data);
  beacon::v1::TrackResponse ignored;
  return stub_->Track(&context, request, response != nullptr ? response : &ignored);
}

}  // namespace beacon::testing
