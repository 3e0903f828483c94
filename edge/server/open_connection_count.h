#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

namespace beacon::edge {

// Counts client connections that are alive. Each accepted connection holds a Token for as long as
// its websocketpp connection object exists.
// Threading: Token may be destroyed on any thread (a connection object is freed wherever its last
// reference drops), so the count is atomic and shared with the tokens; current() may be read
// from any thread.
class OpenConnectionCount {
 public:
  class Token {
   public:
    explicit Token(std::shared_ptr<std::atomic<size_t>> count) : count_(std::move(count)) {
      count_->fetch_add(1, std::memory_order_relaxed);
    }
    ~Token() { count_->fetch_sub(1, std::memory_order_relaxed); }
    Token(const Token&) = delete;
    Token& operator=(const Token&) = delete;

   private:
    const std::shared_ptr<std::atomic<size_t>> count_;
  };

  std::unique_ptr<Token> Acquire() const { return std::make_unique<Token>(count_); }
  size_t current() const { return count_->load(std::memory_order_relaxed); }

 private:
  const std::shared_ptr<std::atomic<size_t>> count_ = std::make_shared<std::atomic<size_t>>(0);
};

}  // namespace beacon::edge
