#include "edge/server/websocket_outbox.h"

#include <boost/asio/post.hpp>
#include <utility>

namespace beacon::edge {

std::shared_ptr<WebSocketOutbox> WebSocketOutbox::Create(
    std::weak_ptr<WebSocketConnection> connection, Settings settings) {
  return std::shared_ptr<WebSocketOutbox>(
      new WebSocketOutbox(std::move(connection), std::move(settings)));
}

WebSocketOutbox::WebSocketOutbox(std::weak_ptr<WebSocketConnection> connection, Settings settings)
    : connection_(std::move(connection)),
      settings_(std::move(settings)),
      stall_timer_(settings_.io) {}

void WebSocketOutbox::Push(WebSocketFrame frame, bool is_event) {
  io_thread_.Check();
  if (closed_) return;
  queued_bytes_ += frame->size();
  queued_.push_back({std::move(frame), is_event});
}

void WebSocketOutbox::Close() {
  io_thread_.Check();
  closed_ = true;
  queued_.clear();
  queued_bytes_ = 0;
  stall_timer_.cancel();
}

void WebSocketOutbox::WriteNext() {
  io_thread_.Check();
  if (writing_ || closed_ || queued_.empty()) return;
  const std::shared_ptr<WebSocketConnection> connection = connection_.lock();
  if (!connection || connection->get_state() != websocketpp::session::state::open) {
    Close();
    return;
  }
  // One prepared message holding several complete frames: websocketpp writes a prepared
  // message's header and payload as they are, and its header here is empty.
  auto* message = new WebSocketServerConfig::message_type(nullptr);
  std::string& bytes = message->get_raw_payload();
  bytes.reserve(std::min(queued_bytes_, kWriteBytes));
  size_t events = 0;
  while (!queued_.empty() &&
         (bytes.empty() || bytes.size() + queued_.front().frame->size() <= kWriteBytes)) {
    const Queued& next = queued_.front();
    bytes.append(*next.frame);
    queued_bytes_ -= next.frame->size();
    if (next.is_event) ++events;
    queued_.pop_front();
  }
  message->set_opcode(websocketpp::frame::opcode::text);
  message->set_prepared(true);
  const size_t written_bytes = bytes.size();
  // websocketpp drops its reference once the write has completed (or the connection is gone):
  // that is the signal for the next write. It arrives on the io thread; posting keeps
  // websocketpp's write handler from re-entering this object.
  WebSocketServerConfig::message_type::ptr handed_over(
      message,
      [weak = weak_from_this(), &io = settings_.io](WebSocketServerConfig::message_type* done) {
        delete done;
        boost::asio::post(io, [weak] {
          if (const std::shared_ptr<WebSocketOutbox> outbox = weak.lock()) outbox->OnWritten();
        });
      });
  writing_ = true;
  last_progress_ = std::chrono::steady_clock::now();
  if (connection->send(std::move(handed_over))) {
    Close();  // not open any more; the deleter's notification finds the outbox closed
    return;
  }
  settings_.metrics.websocket_writes().Increment();
  settings_.metrics.sent_bytes().Increment(written_bytes);
  if (events > 0) settings_.metrics.events_delivered().Increment(events);
  if (!stall_timer_armed_) {
    ArmStallTimer(absl::ToChronoMilliseconds(settings_.send_timeout));
  }
}

void WebSocketOutbox::OnWritten() {
  io_thread_.Check();
  writing_ = false;
  last_progress_ = std::chrono::steady_clock::now();
  WriteNext();
  if (!closed_ && settings_.on_written) settings_.on_written();
}

void WebSocketOutbox::ArmStallTimer(std::chrono::steady_clock::duration after) {
  stall_timer_armed_ = true;
  stall_timer_.expires_after(after);
  stall_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    const std::shared_ptr<WebSocketOutbox> outbox = weak.lock();
    if (!outbox) return;
    outbox->stall_timer_armed_ = false;
    if (!ec) outbox->OnStallTimer();
  });
}

void WebSocketOutbox::OnStallTimer() {
  io_thread_.Check();
  if (closed_ || !writing_) return;  // idle: the timer is armed again by the next write
  const auto stalled_for = std::chrono::steady_clock::now() - last_progress_;
  const auto limit = absl::ToChronoMilliseconds(settings_.send_timeout);
  if (stalled_for < limit) {
    ArmStallTimer(limit - stalled_for);
    return;
  }
  if (settings_.on_stalled) settings_.on_stalled();
}

}  // namespace beacon::edge
