#include "jetstream/internal/nats_connection.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jetstream/internal/nats_handles.h"
#include "jetstream/internal/nats_status.h"

namespace beacon::jetstream::internal {
namespace {

absl::StatusOr<OptionsPtr> MakeNatsOptions(const JetStreamOptions& options,
                                           NatsConnection::Writes writes) {
  natsOptions* raw = nullptr;
  if (natsStatus s = natsOptions_Create(&raw); s != NATS_OK) {
    return NatsError("creating connection options", s);
  }
  OptionsPtr opts(raw);
  std::vector<const char*> servers;
  for (const std::string& server : options.servers) servers.push_back(server.c_str());
  natsStatus s =
      natsOptions_SetServers(opts.get(), servers.data(), static_cast<int>(servers.size()));
  const std::string name = writes == NatsConnection::Writes::kBuffered
                               ? absl::StrCat(options.connection_name, "-publish")
                               : options.connection_name;
  if (s == NATS_OK) s = natsOptions_SetName(opts.get(), name.c_str());
  if (s == NATS_OK) s = natsOptions_SetTimeout(opts.get(), ToMillis(options.connect_timeout));
  if (s == NATS_OK) s = natsOptions_SetAllowReconnect(opts.get(), true);
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts.get(), -1);  // forever
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts.get(), ToMillis(options.reconnect_wait));
  if (s == NATS_OK) s = natsOptions_SetPingInterval(opts.get(), ToMillis(options.ping_interval));
  if (s == NATS_OK) s = natsOptions_SetMaxPingsOut(opts.get(), 2);
  // Requests in flight fail at once when the connection drops instead of waiting out their
  // timeout; callers retry on the next server.
  if (s == NATS_OK) s = natsOptions_SetFailRequestsOnDisconnect(opts.get(), true);
  // Immediate: write each message to the socket at once; cnats' flusher thread otherwise waits
  // 1 ms to gather more, which adds up to 1 ms to every request.
  if (s == NATS_OK) {
    s = natsOptions_SetSendAsap(opts.get(), writes == NatsConnection::Writes::kImmediate);
  }
  if (s != NATS_OK) return NatsError("setting connection options", s);

  if (!options.tls_ca_file.empty() || !options.tls_cert_file.empty()) {
    s = natsOptions_SetSecure(opts.get(), true);
    if (s == NATS_OK && !options.tls_ca_file.empty()) {
      s = natsOptions_LoadCATrustedCertificates(opts.get(), options.tls_ca_file.c_str());
    }
    if (s == NATS_OK && !options.tls_cert_file.empty()) {
      s = natsOptions_LoadCertificatesChain(opts.get(), options.tls_cert_file.c_str(),
                                            options.tls_key_file.c_str());
    }
    if (s != NATS_OK) return NatsError("loading TLS files", s);
  }
  if (!options.credentials_file.empty()) {
    s = natsOptions_SetUserCredentialsFromFiles(opts.get(), options.credentials_file.c_str(),
                                                nullptr);
    if (s != NATS_OK) return NatsError("loading the credentials file", s);
  }
  return opts;
}

}  // namespace

int64_t ToMillis(absl::Duration d) { return std::max<int64_t>(1, absl::ToInt64Milliseconds(d)); }

absl::StatusOr<std::unique_ptr<NatsConnection>> NatsConnection::Connect(
    const JetStreamOptions& options, Writes writes) {
  if (absl::Status s = ValidateOptions(options); !s.ok()) return s;
  absl::StatusOr<OptionsPtr> opts = MakeNatsOptions(options, writes);
  if (!opts.ok()) return opts.status();

  natsConnection* connection = nullptr;
  if (natsStatus s = natsConnection_Connect(&connection, opts->get()); s != NATS_OK) {
    return NatsError(absl::StrCat("connecting to ", absl::StrJoin(options.servers, ",")), s);
  }
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.Wait = ToMillis(options.api_timeout);
  jsCtx* js = nullptr;
  if (natsStatus s = natsConnection_JetStream(&js, connection, &js_options); s != NATS_OK) {
    natsConnection_Destroy(connection);
    return NatsError("creating a JetStream context", s);
  }
  return std::unique_ptr<NatsConnection>(new NatsConnection(options, connection, js));
}

NatsConnection::~NatsConnection() {
  jsCtx_Destroy(js_);
  natsConnection_Destroy(connection_);
}

jsOptions NatsConnection::RequestOptions() const {
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.Wait = api_timeout_ms();
  return js_options;
}

int64_t NatsConnection::api_timeout_ms() const { return ToMillis(options_.api_timeout); }

}  // namespace beacon::jetstream::internal
