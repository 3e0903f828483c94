#include "core/grpc/core_server.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/admin_token.h"
#include "core/grpc/server_credentials.h"
#include "core/secrets.h"
#include "core/state_metrics.h"
#include "core/status_with_code.h"
#include "core/storage_metrics.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"

namespace beacon::core {

absl::StatusOr<std::unique_ptr<CoreServer>> CoreServer::Start(const CoreConfig& config) {
  absl::StatusOr<CoreStorage> storage = OpenCoreStorage(config);
  if (!storage.ok()) return WithCodeInMessage(storage.status());
  // After the storage: the default token file is in the data folder, which opening creates.
  const absl::StatusOr<std::string> admin_token = LoadOrCreateAdminToken(config.AdminTokenPath());
  if (!admin_token.ok()) return WithCodeInMessage(admin_token.status());
  std::unique_ptr<CoreServer> server(
      new CoreServer(config, *std::move(storage), HashSecret(*admin_token)));
  if (absl::Status listening = server->Listen(); !listening.ok()) return listening;
  return server;
}

CoreServer::CoreServer(const CoreConfig& config, CoreStorage storage, std::string admin_token_hash)
    : config_(config),
      storage_(std::move(storage)),
      fanout_(config_.FanoutThreadCount(), config_.subscribe_linger),
      hub_(config_.max_subscriptions, storage_.last_seq, &fanout_),
      committer_(*storage_.events, *storage_.seqs, hub_, config_.commit),
      retention_(std::make_unique<EventRetention>(*storage_.events, config_.retention)),
      tracker_(*storage_.accounts, *storage_.events, hub_, committer_, config_.tracker),
      history_(*storage_.accounts, *storage_.events, config_.history),
      account_admin_(*storage_.accounts, hub_),
      policy_(*storage_.accounts, std::move(admin_token_hash), config_.Access()),
      core_metrics_(metrics_),
      tracking_service_(tracker_, history_, policy_, core_metrics_),
      accounts_service_(account_admin_, policy_),
      admin_(metrics_, [this] {
        return shutting_down_ ? absl::UnavailableError("shutting down") : absl::OkStatus();
      }) {
  RegisterStateMetrics(metrics_, hub_, committer_);
  RegisterStorageMetrics(metrics_, *storage_.database);
}

CoreServer::~CoreServer() { Shutdown(); }

absl::Status CoreServer::Listen() {
  const absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFromFiles(config_.tls);
  if (!credentials.ok()) return WithCodeInMessage(credentials.status());
  if (!config_.admin_listen.empty()) {
    const absl::StatusOr<std::string> bound = admin_.Start(config_.admin_listen);
    if (!bound.ok()) return bound.status();  // "cannot listen on ... (admin HTTP)"
    admin_address_ = *bound;
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config_.listen, *credentials, &port);
  builder.RegisterService(&tracking_service_);
  builder.RegisterService(&accounts_service_);
  // Requests up to the data limit plus room for the account id and framing; bigger messages
  // are refused by gRPC itself with RESOURCE_EXHAUSTED before they are parsed.
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::max<size_t>(config_.tracker.max_data_bytes + (64 << 10), 4 << 20)));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config_.listen));
  }
  address_ = absl::StrCat(config_.listen.substr(0, config_.listen.rfind(':')), ":", port);
  return absl::OkStatus();
}

void CoreServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  shutting_down_ = true;
  if (server_ != nullptr) server_->GetHealthCheckService()->SetServingStatus(false);
  hub_.CloseAll(absl::UnavailableError("server shutting down"));
  if (server_ != nullptr) {
    server_->Shutdown(std::chrono::system_clock::now() +
                      absl::ToChronoMilliseconds(config_.shutdown_grace));
    server_->Wait();
    server_.reset();
  }
  committer_.Stop();
  retention_.reset();
  admin_.Stop();              // its scrapes read the hub, the committer and the database
  storage_.database.reset();  // closes RocksDB
}

}  // namespace beacon::core
