// IoInbox: tasks posted from any thread run on the io thread, in order per poster.
#include "edge/core_client/io_inbox.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

TEST(IoInboxTest, RunsEveryTaskOnTheIoThreadInPostOrderPerPoster) {
  boost::asio::io_context io;
  IoInbox inbox(io);
  constexpr int kPosters = 4, kEach = 5000;
  std::vector<std::vector<int>> seen(kPosters);
  std::thread::id io_thread;
  std::atomic<bool> wrong_thread{false};
  std::vector<std::thread> posters;
  for (int p = 0; p < kPosters; ++p) {
    posters.emplace_back([&, p] {
      for (int i = 0; i < kEach; ++i) {
        inbox.Post([&, p, i] {
          if (std::this_thread::get_id() != io_thread) wrong_thread = true;
          seen[p].push_back(i);
        });
      }
    });
  }
  for (std::thread& poster : posters) poster.join();
  io_thread = std::this_thread::get_id();
  io.run();
  EXPECT_FALSE(wrong_thread);
  for (int p = 0; p < kPosters; ++p) {
    ASSERT_EQ(seen[p].size(), static_cast<size_t>(kEach));
    for (int i = 0; i < kEach; ++i) ASSERT_EQ(seen[p][i], i);
  }
}

}  // namespace
}  // namespace beacon::edge
