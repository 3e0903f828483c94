#include "ws_subscriber.h"

namespace beacon::testing {

WsSubscriber::WsSubscriber(int port, const std::string& query,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
  client_.clear_access_channels(websocketpp::log::alevel::all);
  client_.clear_error_channels(websocketpp::log::elevel::all);
  client_.init_asio();
  client_.set_open_handler([this](websocketpp::connection_hdl) {
    std::lock_guard lock(mu_);
    state_ = State::kOpen;
    opened_ = true;
    changed_.notify_all();
  });
  client_.set_fail_handler([this](websocketpp::connection_hdl) { End(0, ""); });
  client_.set_close_handler([this](websocketpp::connection_hdl) {
    End(connection_->get_remote_close_code(), connection_->get_remote_close_reason());
  });
  client_.set_message_handler(
      [this](websocketpp::connection_hdl, Client::message_ptr message) { OnMessage(message); });

  websocketpp::lib::error_code error;
  connection_ = client_.get_connection(
      "ws://127.0.0.1:" + std::to_string(port) + "/subscribe" + query, error);
  if (error) {
    End(0, error.message());
    return;
  }
  for (const auto& [name, value] : headers) connection_->append_header(name, value);
  client_.connect(connection_);
  io_thread_ = std::thread([this] { client_.run(); });
}

WsSubscriber::~WsSubscriber() {
  ResumeReading();
  if (!io_thread_.joinable()) return;
  bool open;
  {
    std::lock_guard lock(mu_);
    open = state_ == State::kOpen;
  }
  if (open) {
    client_.get_io_service().post([this] {
      websocketpp::lib::error_code ignored;
      connection_->close(websocketpp::close::status::normal, "", ignored);
    });
    WaitClosed(std::chrono::seconds(3));
  }
  client_.stop();
  io_thread_.join();
}

void WsSubscriber::OnMessage(Client::message_ptr message) {
  std::unique_lock lock(mu_);
  messages_.push_back(message->get_payload());
  if (message->get_opcode() != websocketpp::frame::opcode::text) only_text_ = false;
  changed_.notify_all();
  changed_.wait(lock, [this] { return !paused_; });
}

void WsSubscriber::End(int close_code, std::string close_reason) {
  std::lock_guard lock(mu_);
  state_ = State::kEnded;
  close_code_ = close_code;
  close_reason_ = std::move(close_reason);
  changed_.notify_all();
}

template <typename Predicate>
bool WsSubscriber::WaitFor(std::chrono::milliseconds timeout, Predicate done) {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, done);
}

bool WsSubscriber::WaitOpen(std::chrono::milliseconds timeout) {
  WaitFor(timeout, [this] { return state_ != State::kConnecting; });
  std::lock_guard lock(mu_);
  return opened_;
}

std::vector<std::string> WsSubscriber::WaitForMessages(size_t count,
                                                       std::chrono::milliseconds timeout) {
  WaitFor(timeout, [&] { return messages_.size() >= count; });
  return Messages();
}

std::vector<std::string> WsSubscriber::Messages() const {
  std::lock_guard lock(mu_);
  return messages_;
}

bool WsSubscriber::WaitClosed(std::chrono::milliseconds timeout) {
  return WaitFor(timeout, [this] { return state_ == State::kEnded; });
}

int WsSubscriber::close_code() const {
  std::lock_guard lock(mu_);
  return close_code_;
}

std::string WsSubscriber::close_reason() const {
  std::lock_guard lock(mu_);
  return close_reason_;
}

bool WsSubscriber::only_text_frames() const {
  std::lock_guard lock(mu_);
  return only_text_;
}

void WsSubscriber::PauseReading() {
  std::lock_guard lock(mu_);
  paused_ = true;
}

void WsSubscriber::ResumeReading() {
  std::lock_guard lock(mu_);
  paused_ = false;
  changed_.notify_all();
}

::testing::AssertionResult SameMessages(const std::vector<std::string>& received,
                                        const std::vector<std::string>& expected) {
  const auto shorten = [](const std::string& text) {
    return text.size() <= 200 ? text : text.substr(0, 200) + "...";
  };
  for (size_t i = 0; i < std::min(received.size(), expected.size()); ++i) {
    if (received[i] != expected[i]) {
      return ::testing::AssertionFailure() << "message " << i << " is " << shorten(received[i])
                                           << ", expected " << shorten(expected[i]);
    }
  }
  if (received.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << received.size() << " messages, expected " << expected.size();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace beacon::testing
