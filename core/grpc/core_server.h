#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/access_policy.h"
#include "core/account_admin.h"
#include "core/core_config.h"
#include "core/core_metrics.h"
#include "core/core_storage.h"
#include "core/event_committer.h"
#include "core/event_history.h"
#include "core/event_retention.h"
#include "core/fanout_executor.h"
#include "core/grpc/accounts_service.h"
#include "core/grpc/tracking_service.h"
#include "core/subscription_hub.h"
#include "core/tracker.h"
#include "grpcpp/server.h"
#include "observability/admin_http_server.h"
#include "observability/metrics_registry.h"

namespace beacon::core {

// beacon-core in one object: owns every component, from the storage to the gRPC server, each
// declared after what it uses (so destruction runs from the server down to the storage), and
// stops them in the order that lets the calls in flight finish.
//
// Threading: Start(), Shutdown() and the destructor from one thread; the accessors from any
// thread. The components work on threads of their own (gRPC's, the fan-out, commit and retention
// threads, the admin server's). Lifetime: Shutdown() returns once every call has finished, every
// thread the components started has been joined and the database is closed; the destructor
// shuts down if that has not happened yet.
class CoreServer {
 public:
  // Opens the storage (OpenCoreStorage), loads or creates the admin token, builds the components,
  // binds the admin port (unless config.admin_listen is empty) and the gRPC port, and serves.
  // `config` must have passed Validate(). The message of each error is the line to print.
  static absl::StatusOr<std::unique_ptr<CoreServer>> Start(const CoreConfig& config);
  ~CoreServer();
  CoreServer(const CoreServer&) = delete;
  CoreServer& operator=(const CoreServer&) = delete;

  // /readyz answers 503 and the gRPC health service NOT_SERVING; open Subscribe streams end with
  // UNAVAILABLE; calls in flight get config.shutdown_grace, then are cancelled; every accepted
  // event is stored and answered; retention and the admin server stop; the database closes.
  // Idempotent.
  void Shutdown();

  // The bound gRPC address, HOST:PORT (with the port chosen when config.listen asked for 0).
  const std::string& address() const { return address_; }
  // The bound admin HTTP address; empty when there is no admin server.
  const std::string& admin_address() const { return admin_address_; }
  // Whether the database was new and has been seeded with kSeedAccounts.
  bool seeded_new_database() const { return storage_.seeded; }

 private:
  CoreServer(const CoreConfig& config, CoreStorage storage, std::string admin_token_hash);
  absl::Status Listen();

  const CoreConfig config_;
  // The storage backend (Database, AccountStore, EventLog, SeqAllocator): see CoreStorage.
  CoreStorage storage_;
  // Outlives the hub and the server: it resumes streams until every call has finished.
  FanoutExecutor fanout_;
  SubscriptionHub hub_;
  EventCommitter committer_;
  std::unique_ptr<EventRetention> retention_;  // stopped at shutdown, before the database closes
  const Tracker tracker_;
  const EventHistory history_;
  const AccountAdmin account_admin_;
  const AccessPolicy policy_;
  observability::MetricsRegistry metrics_;
  const CoreMetrics core_metrics_;
  TrackingService tracking_service_;
  AccountsService accounts_service_;
  std::atomic<bool> shutting_down_{false};  // read by /readyz on the admin server's threads
  observability::AdminHttpServer admin_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  std::string admin_address_;
  bool shut_down_ = false;
};

}  // namespace beacon::core
