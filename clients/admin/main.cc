// beacon-admin: manage Beacon's accounts through the core's Accounts service.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "beacon/v1/accounts.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/support/log.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, core, "127.0.0.1:50051", "beacon-core address HOST:PORT");
ABSL_FLAG(std::string, token_file, "data/core/admin_token",
          "file holding the admin token (the environment variable BEACON_ADMIN_TOKEN wins)");
ABSL_FLAG(int64_t, deadline_ms, 5000, "how long to wait for the core");
ABSL_FLAG(std::string, ca_file, "",
          "PEM CA certificates: reach the core over TLS, verifying it against them");
ABSL_FLAG(std::string, cert_file, "", "with --ca_file: client certificate for mutual TLS");
ABSL_FLAG(std::string, key_file, "", "private key of --cert_file");
ABSL_FLAG(bool, inactive, false, "with create: create the account inactive");

namespace {

constexpr char kUsage[] =
    R"(beacon-admin: manage Beacon accounts through beacon-core's Accounts service.

  beacon-admin [--core=HOST:PORT] [--token_file=FILE] [--ca_file=FILE] COMMAND [ID]

  create ID [--inactive]   new account (active unless --inactive); prints its subscriber key
  get ID                   one account
  list                     every account, one JSON object per line
  activate ID              let the account track again
  deactivate ID            refuse its Track calls ("Account is inactive")
  delete ID                delete it and end its subscriptions
  rotate-key ID            replace its subscriber key; prints the new key

Prints JSON on stdout. Exit: 0 ok, 1 the core refused or was unreachable, 2 bad usage.)";

using beacon::v1::Accounts;

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

[[noreturn]] void Fail(int code, const std::string& line) {
  std::fprintf(stderr, "beacon-admin: %s\n", line.c_str());
  std::exit(code);
}

std::string AdminToken() {
  if (const char* token = std::getenv("BEACON_ADMIN_TOKEN"); token != nullptr && *token != '\0') {
    return token;
  }
  const std::string path = absl::GetFlag(FLAGS_token_file);
  std::ifstream in(path);
  std::string token;
  if (!in || !std::getline(in, token)) {
    Fail(2, "cannot read the admin token from " + path +
                " (set --token_file or BEACON_ADMIN_TOKEN; beacon-core creates it in its data "
                "folder)");
  }
  token = std::string(absl::StripAsciiWhitespace(token));
  if (token.empty()) Fail(2, "the admin token file " + path + " is empty");
  return token;
}

// One call with the token and the deadline; a refusal ends the program with one line.
class Caller {
 public:
  Caller(Accounts::Stub& stub, std::string token) : stub_(stub), token_(std::move(token)) {}

  template <typename Request, typename Response>
  Response Call(grpc::Status (Accounts::Stub::*method)(grpc::ClientContext*, const Request&,
                                                       Response*),
                const Request& request) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token_);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms)));
    Response response;
    const grpc::Status status = (stub_.*method)(&context, request, &response);
    if (!status.ok()) {
      Fail(1, CodeName(status.error_code()) + ": " + status.error_message());
    }
    return response;
  }

  // Calls and prints the response as one line of JSON.
  template <typename Request, typename Response>
  int Print(grpc::Status (Accounts::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
            const Request& request) {
    std::printf("%s\n", ToJson(Call(method, request)).c_str());
    return 0;
  }

 private:
  static std::string CodeName(grpc::StatusCode code) {
    static const std::map<grpc::StatusCode, std::string> kNames = {
        {grpc::StatusCode::INVALID_ARGUMENT, "INVALID_ARGUMENT"},
        {grpc::StatusCode::NOT_FOUND, "NOT_FOUND"},
        {grpc::StatusCode::ALREADY_EXISTS, "ALREADY_EXISTS"},
        {grpc::StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"},
        {grpc::StatusCode::UNAUTHENTICATED, "UNAUTHENTICATED"},
        {grpc::StatusCode::UNAVAILABLE,
         "UNAVAILABLE (is beacon-core running at " + absl::GetFlag(FLAGS_core) + "?)"},
        {grpc::StatusCode::DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED"},
    };
    const auto it = kNames.find(code);
    return it != kNames.end() ? it->second : "gRPC code " + std::to_string(code);
  }

  Accounts::Stub& stub_;
  const std::string token_;
};

std::string ReadPem(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  if (!in || content.str().empty()) Fail(2, "cannot read " + path);
  return content.str();
}

std::shared_ptr<grpc::ChannelCredentials> Credentials() {
  if (absl::GetFlag(FLAGS_ca_file).empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadPem(absl::GetFlag(FLAGS_ca_file));
  if (!absl::GetFlag(FLAGS_cert_file).empty()) {
    options.pem_cert_chain = ReadPem(absl::GetFlag(FLAGS_cert_file));
    options.pem_private_key = ReadPem(absl::GetFlag(FLAGS_key_file));
  }
  return grpc::SslCredentials(options);
}

template <typename Request>
Request WithId(const std::string& id) {
  Request request;
  request.set_id(id);
  return request;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  const std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) Fail(2, "missing command; see --help");
  const std::string command = args[1];
  const bool needs_id = command != "list";
  if (args.size() != (needs_id ? 3u : 2u)) {
    Fail(2, needs_id ? command + " needs exactly one account id" : "list takes no arguments");
  }
  const std::string id = needs_id ? args[2] : "";

  // gRPC's own log lines (e.g. a TLS handshake failure) would come on top of the one line this
  // tool prints for every failure, which already carries gRPC's message.
  gpr_set_log_function([](gpr_log_func_args*) {});
  const std::string token = AdminToken();
  const auto stub =
      Accounts::NewStub(grpc::CreateChannel(absl::GetFlag(FLAGS_core), Credentials()));
  Caller caller(*stub, token);

  if (command == "create") {
    auto request = WithId<beacon::v1::CreateAccountRequest>(id);
    request.set_active(!absl::GetFlag(FLAGS_inactive));
    return caller.Print(&Accounts::Stub::CreateAccount, request);
  }
  if (command == "get") {
    return caller.Print(&Accounts::Stub::GetAccount, WithId<beacon::v1::GetAccountRequest>(id));
  }
  if (command == "list") {
    // One account per line, over as many pages as there are.
    beacon::v1::ListAccountsRequest request;
    request.set_page_size(1000);
    do {
      const beacon::v1::ListAccountsResponse page =
          caller.Call(&Accounts::Stub::ListAccounts, request);
      for (const beacon::v1::Account& account : page.accounts()) {
        std::printf("%s\n", ToJson(account).c_str());
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return 0;
  }
  if (command == "activate" || command == "deactivate") {
    auto request = WithId<beacon::v1::UpdateAccountRequest>(id);
    request.set_active(command == "activate");
    return caller.Print(&Accounts::Stub::UpdateAccount, request);
  }
  if (command == "delete") {
    return caller.Print(&Accounts::Stub::DeleteAccount,
                        WithId<beacon::v1::DeleteAccountRequest>(id));
  }
  if (command == "rotate-key") {
    return caller.Print(&Accounts::Stub::RotateKey, WithId<beacon::v1::RotateKeyRequest>(id));
  }
  Fail(2, "unknown command " + command + "; see --help");
}
