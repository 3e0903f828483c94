#include "core_process.h"

namespace beacon::testing {
namespace {

std::vector<std::string> CoreArgs(const std::string& data_dir,
                                  const std::vector<std::string>& extra_flags) {
  std::vector<std::string> args = {"--listen=127.0.0.1:0", "--data_dir=" + data_dir};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  return args;
}

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(10);
}

}  // namespace

CoreProcess::CoreProcess(std::vector<std::string> extra_flags)
    : args_(CoreArgs(data_dir_.path(), extra_flags)) {}

bool CoreProcess::Start() {
  stub_.reset();
  channel_.reset();
  process_ = std::make_unique<BeaconProcess>(BinaryPath("BEACON_CORE_BIN"), args_);
  if (!process_->Start()) return false;
  channel_ = grpc::CreateChannel(process_->address(), grpc::InsecureChannelCredentials());
  stub_ = beacon::v1::Tracking::NewStub(channel_);
  return true;
}

bool CoreProcess::KillAndRestart() {
  process_->Kill();
  return Start();
}

grpc::Status CoreProcess::Track(const std::string& account, const std::string& data,
                                beacon::v1::TrackResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  beacon::v1::TrackRequest request;
  request.set_account_id(account);
  request.set_data(data);
  beacon::v1::TrackResponse ignored;
  return stub_->Track(&context, request, response != nullptr ? response : &ignored);
}

grpc::Status CoreProcess::ListEvents(const beacon::v1::ListEventsRequest& request,
                                     beacon::v1::ListEventsResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  return stub_->ListEvents(&context, request, response);
}

std::vector<beacon::v1::Event> CoreProcess::ListAll(beacon::v1::ListEventsRequest request) {
  std::vector<beacon::v1::Event> events;
  for (int page = 0; page < 100000; ++page) {
    beacon::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(request, &response);
    if (!status.ok()) {
      ADD_FAILURE() << "ListEvents: " << status.error_message();
      break;
    }
    events.insert(events.end(), response.events().begin(), response.events().end());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return events;
}

}  // namespace beacon::testing
