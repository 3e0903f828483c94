#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

#include "gtest/gtest.h"

namespace beacon::testing {

// A real WebSocket client of ws://127.0.0.1:PORT/subscribe<query>, collecting every frame.
//
// Threading: websocketpp runs on a private I/O thread; the methods may be called from any
// thread. Lifetime: the destructor closes the connection (normal close) and joins the thread.
class WsSubscriber {
 public:
  // `headers` go with the upgrade request (e.g. Authorization).
  WsSubscriber(int port, const std::string& query,
               const std::vector<std::pair<std::string, std::string>>& headers = {});
  ~WsSubscriber();
  WsSubscriber(const WsSubscriber&) = delete;
  WsSubscriber& operator=(const WsSubscriber&) = delete;

  // Waits for the end of the handshake; true if the upgrade succeeded.
  bool WaitOpen(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits until at least `count` messages arrived; returns every message received so far.
  std::vector<std::string> WaitForMessages(
      size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::vector<std::string> Messages() const;
  // Waits until the connection ended (after a close, a drop or a refused handshake).
  bool WaitClosed(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  int close_code() const;  // as the server sent it; 1006 when it sent none
  std::string close_reason() const;
  bool only_text_frames() const;

  // While paused, the I/O thread waits inside the handler of the next message, so the client
  // reads nothing more from its socket: to the edge it is a consumer that stopped reading.
  void PauseReading();
  void ResumeReading();

 private:
  using Client = websocketpp::client<websocketpp::config::asio_client>;
  enum class State { kConnecting, kOpen, kEnded };

  void OnMessage(Client::message_ptr message);
  void End(int close_code, std::string close_reason);
  template <typename Predicate>
  bool WaitFor(std::chrono::milliseconds timeout, Predicate done);

  Client client_;
  Client::connection_ptr connection_;
  std::thread io_thread_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  State state_ = State::kConnecting;
  bool opened_ = false;
  bool paused_ = false;
  bool only_text_ = true;
  std::vector<std::string> messages_;
  int close_code_ = 0;
  std::string close_reason_;
};

// `received` equals `expected`; on a mismatch says where, without printing every message.
::testing::AssertionResult SameMessages(const std::vector<std::string>& received,
                                        const std::vector<std::string>& expected);

}  // namespace beacon::testing
