#include "clients/bench/subscriber_pool.h"

#include <boost/asio/io_service.hpp>
#include <boost/asio/post.hpp>
#include <thread>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "clients/bench/steady_nanos.h"

namespace beacon::bench {

using WebSocketClient = websocketpp::client<websocketpp::config::asio_client>;

// One websocketpp client endpoint with its own io_service and thread, owning the connections
// whose index % shards == its number.
//
// Threading: websocketpp handlers run on the shard thread. Connection states change there
// too, under `mutex_`, because the controlling thread reads them (IsOpen, Counts, waits);
// frames are handed to the FrameHandler without taking the mutex. Lifetime: Stop() (also
// called by the destructor) joins the thread.
class SubscriberShard {
 public:
  SubscriberShard(const SubscriberPoolOptions& options, int number, const FrameHandler& on_frame)
      : options_(options), number_(number), on_frame_(on_frame) {
    client_.clear_access_channels(websocketpp::log::alevel::all);
    client_.clear_error_channels(websocketpp::log::elevel::all);
    client_.init_asio(&io_);
    client_.start_perpetual();
    for (int index = number; index < options.connections; index += options.shards) {
      slots_.push_back(Slot{});
    }
    thread_ = std::thread([this] { io_.run(); });
  }

  ~SubscriberShard() { Stop(); }

  void StartConnecting() {
    boost::asio::post(io_, [this] {
      for (int i = 0; i < options_.max_pending_handshakes; ++i) ConnectNext();
    });
  }

  // Waits until no connection is still connecting, or `deadline`.
  void AwaitSettled(absl::Time deadline) {
    absl::MutexLock lock(&mutex_);
    mutex_.AwaitWithDeadline(absl::Condition(this, &SubscriberShard::SettledLocked), deadline);
  }

  bool IsOpen(int index) const {
    absl::MutexLock lock(&mutex_);
    return slots_[index / options_.shards].state == State::kOpen;
  }

  void AddCounts(SubscriberPoolCounts& counts) const {
    absl::MutexLock lock(&mutex_);
    for (const Slot& slot : slots_) {
      if (slot.state == State::kOpen) ++counts.open;
    }
    for (const auto& [reason, n] : failed_) counts.failed[reason] += n;
    for (const auto& [reason, n] : closed_by_server_) counts.closed_by_server[reason] += n;
  }

  void StartClosing() {
    boost::asio::post(io_, [this] {
      std::vector<websocketpp::connection_hdl> open;
      {
        absl::MutexLock lock(&mutex_);
        closing_ = true;
        for (const Slot& slot : slots_) {
          if (slot.state == State::kOpen) open.push_back(slot.handle);
        }
      }
      for (const websocketpp::connection_hdl& handle : open) {
        websocketpp::lib::error_code ignored;
        client_.close(handle, websocketpp::close::status::going_away, "bench done", ignored);
      }
    });
  }

  void AwaitClosed(absl::Time deadline) {
    absl::MutexLock lock(&mutex_);
    mutex_.AwaitWithDeadline(absl::Condition(this, &SubscriberShard::ClosedLocked), deadline);
  }

  void Stop() {
    if (!thread_.joinable()) return;
    client_.stop_perpetual();
    io_.stop();
    thread_.join();
  }

 private:
  enum class State { kIdle, kConnecting, kOpen, kFailed, kClosed };
  struct Slot {
    State state = State::kIdle;
    websocketpp::connection_hdl handle;
  };

  bool SettledLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return next_slot_ >= slots_.size() && pending_ == 0;
  }
  bool ClosedLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    for (const Slot& slot : slots_) {
      if (slot.state == State::kOpen) return false;
    }
    return true;
  }

  // Runs on the shard thread: starts the handshake of the next idle slot, if any. websocketpp
  // calls are made without holding `mutex_`, since they may run handlers inline.
  void ConnectNext() {
    size_t position = 0;
    {
      absl::MutexLock lock(&mutex_);
      if (closing_ || next_slot_ >= slots_.size()) return;
      position = next_slot_++;
      ++pending_;
      slots_[position].state = State::kConnecting;
    }
    const int index = IndexOfSlot(position);
    const std::string uri = absl::StrCat("ws://", options_.edge.ToString(), options_.resource);
    websocketpp::lib::error_code error;
    WebSocketClient::connection_ptr connection = client_.get_connection(uri, error);
    if (error) {
      Settle(position, State::kFailed, absl::StrCat("connect: ", error.message()));
      boost::asio::post(io_, [this] { ConnectNext(); });
      return;
    }
    {
      absl::MutexLock lock(&mutex_);
      slots_[position].handle = connection->get_handle();
    }
    connection->set_open_handler([this, position](websocketpp::connection_hdl) {
      Settle(position, State::kOpen, "");
      ConnectNext();
    });
    connection->set_fail_handler([this, position](websocketpp::connection_hdl handle) {
      const WebSocketClient::connection_ptr failed = client_.get_con_from_hdl(handle);
      const int http_status = static_cast<int>(failed->get_response_code());
      Settle(position, State::kFailed,
             http_status != 0 ? absl::StrCat("handshake: http ", http_status)
                              : absl::StrCat("handshake: ", failed->get_ec().message()));
      ConnectNext();
    });
    connection->set_close_handler([this, position](websocketpp::connection_hdl handle) {
      const WebSocketClient::connection_ptr closed = client_.get_con_from_hdl(handle);
      const std::string reason = absl::StrCat("code ", closed->get_remote_close_code(), " ",
                                              closed->get_remote_close_reason());
      absl::MutexLock lock(&mutex_);
      slots_[position].state = State::kClosed;
      if (!closing_) ++closed_by_server_[reason];
    });
    connection->set_message_handler(
        [this, index](websocketpp::connection_hdl, WebSocketClient::message_ptr message) {
          on_frame_(number_, index, message->get_payload(), SteadyNanos());
        });
    client_.connect(connection);
  }

  // The connection index of slot `position` (fixed at construction, so no lock is needed).
  int IndexOfSlot(size_t position) const {
    return number_ + static_cast<int>(position) * options_.shards;
  }

  // Ends the handshake of slot `position` as `state`, counting `failure` when it failed.
  void Settle(size_t position, State state, const std::string& failure) {
    absl::MutexLock lock(&mutex_);
    slots_[position].state = state;
    --pending_;
    if (state == State::kFailed) ++failed_[failure];
  }

  const SubscriberPoolOptions& options_;
  const int number_;
  const FrameHandler& on_frame_;
  boost::asio::io_service io_;
  WebSocketClient client_;
  mutable absl::Mutex mutex_;
  std::vector<Slot> slots_ ABSL_GUARDED_BY(mutex_);
  size_t next_slot_ ABSL_GUARDED_BY(mutex_) = 0;
  int pending_ ABSL_GUARDED_BY(mutex_) = 0;
  bool closing_ ABSL_GUARDED_BY(mutex_) = false;
  std::map<std::string, uint64_t> failed_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, uint64_t> closed_by_server_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;
};

namespace {

SubscriberPoolOptions WithUsableShardCount(SubscriberPoolOptions options) {
  options.shards = std::max(1, std::min(options.shards, options.connections));
  return options;
}

}  // namespace

SubscriberPool::SubscriberPool(SubscriberPoolOptions options, FrameHandler on_frame)
    : options_(WithUsableShardCount(std::move(options))), on_frame_(std::move(on_frame)) {
  for (int i = 0; i < options_.shards; ++i) {
    shards_.push_back(std::make_unique<SubscriberShard>(options_, i, on_frame_));
  }
}

SubscriberPool::~SubscriberPool() {
  for (auto& shard : shards_) shard->Stop();
}

void SubscriberPool::Open(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (auto& shard : shards_) shard->StartConnecting();
  for (auto& shard : shards_) shard->AwaitSettled(deadline);
}

bool SubscriberPool::IsOpen(int index) const {
  return shards_[index % shards_.size()]->IsOpen(index);
}

SubscriberPoolCounts SubscriberPool::Counts() const {
  SubscriberPoolCounts counts;
  for (const auto& shard : shards_) shard->AddCounts(counts);
  return counts;
}

void SubscriberPool::CloseAll(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (auto& shard : shards_) shard->StartClosing();
  for (auto& shard : shards_) shard->AwaitClosed(deadline);
  for (auto& shard : shards_) shard->Stop();
}

}  // namespace beacon::bench
