#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/client_callback.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.pb.h"
#include "edge/core_client/core_channel.h"
#include "edge/core_client/io_inbox.h"
#include "edge/edge_metrics.h"
#include "edge/io_thread.h"

namespace beacon::edge {

// One server-streaming Subscribe call to the core, seen from the io thread: the core's verdict on
// the stream, then its responses one at a time, then its end. It knows nothing of WebSockets;
// WebSocketSubscriber turns what it reports into frames.
//
// Admission: Start() makes the call at once; `on_admission` runs (once) with OK when the core
// accepts the stream (sends initial metadata), with its status when it refuses, or with
// UNAVAILABLE when it does not answer within `accept_timeout` (the call is then cancelled).
// Nothing blocks meanwhile: the io thread serves every other connection while the core decides.
//
// The call is made raw (the generic stub: the request goes out as the one message of a
// client-to-server half-closed stream, responses come back as ByteBuffers), so the edge never
// parses a response into protobuf objects: `on_response` gets each response's encoding, to be
// split with SplitSubscribeResponse.
//
// Flow control: at most one read is outstanding, and a read is issued only by ReadMore(). The
// caller asks for the next response when it has room for it; until then gRPC flow control holds
// the core's writes back (and the core's bounded per-subscriber queue decides what happens next).
//
// End: `on_end` runs (once, and only after a successful admission) with the stream's final status:
// CANCELLED when the edge cancelled it, RESOURCE_EXHAUSTED when the core dropped the subscriber
// as too slow, INTERNAL when a response could not be read. A refused stream reports through
// `on_admission` only. `on_finished` runs last, once the call has completely ended, accepted or
// not.
//
// Threading: the gRPC reactions (OnReadInitialMetadataDone, OnReadDone, OnWriteDone, OnDone) run
// on gRPC threads; they only hand work to the io thread through its IoInbox (one queue, so a
// stream's acceptance, responses and end keep their order). Start, ReadMore, Cancel and every
// callback run on the io thread. Because StartRead is issued from outside the reactions, the call
// carries one hold from StartCall until the io thread knows no further read will be issued;
// OnDone cannot run before.
//
// Lifetime: always held by std::shared_ptr. The call keeps a reference to itself from Start()
// until OnDone, and every task posted to the io thread holds a shared_ptr, so the object outlives
// all of its callbacks. The channel, `io` and `inbox` must outlive the call.
class SubscribeCall final
    : public grpc::ClientBidiReactor<beacon::v1::SubscribeRequest, grpc::ByteBuffer>,
      public std::enable_shared_from_this<SubscribeCall> {
  struct Passkey {
    explicit Passkey() = default;
  };

 public:
  struct Settings {
    boost::asio::io_context& io;
    IoInbox& inbox;  // the io thread's, for everything gRPC's threads hand over
    absl::Duration accept_timeout;
    EdgeMetrics& metrics;  // failed calls, in beacon_edge_core_call_errors_total
  };
  struct Callbacks {
    std::function<void(const absl::Status&)> on_admission;
    std::function<void(absl::string_view response)> on_response;
    std::function<void(const absl::Status&)> on_end;
    std::function<void()> on_finished;
  };

  // Starts the Subscribe call, presenting `bearer_tokens` (BearerTokensOf) as one
  // `authorization: Bearer <key>` metadata entry each.
  static std::shared_ptr<SubscribeCall> Start(const CoreChannel& core,
                                              beacon::v1::SubscribeRequest request,
                                              const std::vector<std::string>& bearer_tokens,
                                              Settings settings, Callbacks callbacks);

  SubscribeCall(Passkey, Settings settings, Callbacks callbacks)
      : settings_(settings), callbacks_(std::move(callbacks)), accept_timer_(settings_.io) {}

  // Asks for the next response (after admission). Ignored once the stream is over or cancelled.
  void ReadMore();
  // Ends the stream from the edge's side. Idempotent.
  void Cancel();

  // gRPC reactions.
  void OnReadInitialMetadataDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnWriteDone(bool /*ok*/) override {}  // the request; a failure ends the call (OnDone)
  void OnDone(const grpc::Status& status) override;

 private:
  // io thread.
  void Admitted(const absl::Status& status);
  void Deliver(const grpc::ByteBuffer& response);
  void ReleaseHold();
  void Finish(absl::Status status);

  const Settings settings_;
  grpc::ClientContext context_;
  beacon::v1::SubscribeRequest request_;
  // Filled by gRPC during the one outstanding read; swapped out in OnReadDone.
  grpc::ByteBuffer response_;
  // Set in Start(), dropped in OnDone().
  std::shared_ptr<SubscribeCall> self_;

  // io thread only.
  IoThread io_thread_;
  Callbacks callbacks_;  // on_admission is cleared once the admission is decided
  boost::asio::steady_timer accept_timer_;
  bool accepted_ = false;
  bool reading_ = false;
  bool hold_released_ = false;
  bool cancelled_ = false;
  // Why the edge cancelled the stream itself, when that is not the caller's Cancel().
  std::optional<absl::Status> local_failure_;
};

}  // namespace beacon::edge
