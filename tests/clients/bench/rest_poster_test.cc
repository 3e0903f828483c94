// RestPoster against a scripted loopback HTTP server: keep-alive when the server allows it, a
// new connection when it does not, failures reported rather than retried.

#include "clients/bench/rest_poster.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace beacon::bench {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// What the server answers to one request, and whether it then closes the connection.
struct CannedReply {
  std::string response;
  bool close_after = false;
};

CannedReply Ok(const std::string& extra_headers, bool close_after) {
  return {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra_headers +
              "Content-Length: 11\r\n\r\n{\"seq\":\"1\"}",
          close_after};
}

// An HTTP server on 127.0.0.1 that serves one connection at a time on its own thread, reading
// each request (head and Content-Length body) and writing what `reply` says.
//
// Threading: the server thread does all I/O; the counters are read from the test thread under
// `mutex_`. Lifetime: destroy it after the clients, whose closes let its thread finish.
class ScriptedHttpServer {
 public:
  explicit ScriptedHttpServer(std::function<CannedReply(int request_index)> reply)
      : reply_(std::move(reply)),
        acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] { Serve(); });
  }

  ~ScriptedHttpServer() {
    {
      absl::MutexLock lock(&mutex_);
      stopping_ = true;
    }
    // Wakes the blocking accept.
    asio::io_context io;
    tcp::socket waker(io);
    boost::system::error_code ignored;
    waker.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }

  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

  int connections() {
    absl::MutexLock lock(&mutex_);
    return connections_;
  }
  std::vector<std::string> requests() {
    absl::MutexLock lock(&mutex_);
    return requests_;
  }
  // Waits until the server has closed `count` connections.
  void AwaitClosed(int count) {
    absl::MutexLock lock(&mutex_);
    auto enough = [this, count]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return closed_ >= count; };
    mutex_.Await(absl::Condition(&enough));
  }

 private:
  void Serve() {
    while (true) {
      tcp::socket socket(io_);
      boost::system::error_code error;
      acceptor_.accept(socket, error);
      {
        absl::MutexLock lock(&mutex_);
        if (error || stopping_) return;
        ++connections_;
      }
      ServeConnection(socket);
      socket.close(error);
      absl::MutexLock lock(&mutex_);
      ++closed_;
    }
  }

  void ServeConnection(tcp::socket& socket) {
    std::string buffer;
    while (true) {
      boost::system::error_code error;
      const size_t head_bytes =
          asio::read_until(socket, asio::dynamic_buffer(buffer), "\r\n\r\n", error);
      if (error) return;  // The client closed.
      const std::string head = absl::AsciiStrToLower(buffer.substr(0, head_bytes));
      size_t body_bytes = 0;
      const size_t field = head.find("\r\ncontent-length:");
      if (field != std::string::npos) {
        const size_t start = field + 17;
        absl::SimpleAtoi(head.substr(start, head.find("\r\n", start) - start), &body_bytes);
      }
      if (buffer.size() < head_bytes + body_bytes) {
        asio::read(socket, asio::dynamic_buffer(buffer),
                   asio::transfer_exactly(head_bytes + body_bytes - buffer.size()), error);
        if (error) return;
      }
      int index = 0;
      {
        absl::MutexLock lock(&mutex_);
        index = static_cast<int>(requests_.size());
        requests_.push_back(buffer.substr(0, head_bytes + body_bytes));
      }
      buffer.erase(0, head_bytes + body_bytes);
      const CannedReply reply = reply_(index);
      asio::write(socket, asio::buffer(reply.response), error);
      if (error || reply.close_after) return;
    }
  }

  const std::function<CannedReply(int)> reply_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  int connections_ ABSL_GUARDED_BY(mutex_) = 0;
  int closed_ ABSL_GUARDED_BY(mutex_) = 0;
  std::vector<std::string> requests_ ABSL_GUARDED_BY(mutex_);
};

// A RestPoster run on the test thread: each Post() runs the io_context until it is answered.
class PosterUnderTest {
 public:
  PosterUnderTest(const tcp::endpoint& endpoint, bool keep_alive)
      : poster_(io_, Options(endpoint, keep_alive)) {}

  RestPostResult Post(const std::string& body) {
    RestPostResult result;
    bool answered = false;
    poster_.Post("/tracking/celtra", body, [&](const RestPostResult& r) {
      result = r;
      answered = true;
    });
    io_.restart();
    io_.run();
    EXPECT_TRUE(answered);
    return result;
  }

  uint64_t connects() const { return poster_.connects(); }

 private:
  static RestPosterOptions Options(const tcp::endpoint& endpoint, bool keep_alive) {
    RestPosterOptions options;
    options.endpoint = endpoint;
    options.host = "127.0.0.1:" + std::to_string(endpoint.port());
    options.keep_alive = keep_alive;
    return options;
  }

  asio::io_context io_;
  RestPoster poster_;
};

TEST(RestPosterTest, KeepsTheConnectionWhileTheServerAllowsIt) {
  ScriptedHttpServer server([](int) { return Ok("", /*close_after=*/false); });
  {
    PosterUnderTest poster(server.endpoint(), /*keep_alive=*/true);
    for (int i = 0; i < 3; ++i) {
      const RestPostResult result = poster.Post(R"({"data":"x"})");
      EXPECT_EQ(result.error, "");
      EXPECT_EQ(result.status, 200);
      EXPECT_EQ(result.body, R"({"seq":"1"})");
    }
    EXPECT_EQ(poster.connects(), 1u);
  }
  EXPECT_EQ(server.connections(), 1);
  const std::vector<std::string> requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].rfind("POST /tracking/celtra HTTP/1.1\r\n", 0), 0u) << requests[0];
  EXPECT_NE(requests[0].find("\r\nContent-Type: application/json\r\n"), std::string::npos);
  EXPECT_EQ(requests[0].find("Connection: close"), std::string::npos);
  EXPECT_NE(requests[0].find("\r\n\r\n{\"data\":\"x\"}"), std::string::npos);
}

TEST(RestPosterTest, ReconnectsAfterConnectionClose) {
  ScriptedHttpServer server([](int) { return Ok("Connection: close\r\n", /*close_after=*/true); });
  {
    PosterUnderTest poster(server.endpoint(), /*keep_alive=*/true);
    for (int i = 0; i < 3; ++i) {
      const RestPostResult result = poster.Post("{}");
      EXPECT_EQ(result.error, "");
      EXPECT_EQ(result.status, 200);
    }
    EXPECT_EQ(poster.connects(), 3u);
  }
  EXPECT_EQ(server.connections(), 3);
}

TEST(RestPosterTest, ReconnectsWhenTheServerClosedTheIdleConnection) {
  // Says nothing about closing, then closes after the first response.
  ScriptedHttpServer server([](int index) { return Ok("", /*close_after=*/index == 0); });
  {
    PosterUnderTest poster(server.endpoint(), /*keep_alive=*/true);
    EXPECT_EQ(poster.Post("{}").error, "");
    server.AwaitClosed(1);
    // The FIN crosses loopback at once; the pause only makes sure it has arrived.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const RestPostResult second = poster.Post("{}");
    EXPECT_EQ(second.error, "");
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(poster.connects(), 2u);
  }
  EXPECT_EQ(server.connections(), 2);
}

TEST(RestPosterTest, WithoutKeepAliveEveryRequestAsksForCloseOnItsOwnConnection) {
  ScriptedHttpServer server([](int) { return Ok("", /*close_after=*/false); });
  {
    PosterUnderTest poster(server.endpoint(), /*keep_alive=*/false);
    EXPECT_EQ(poster.Post("{}").status, 200);
    EXPECT_EQ(poster.Post("{}").status, 200);
    EXPECT_EQ(poster.connects(), 2u);
  }
  EXPECT_EQ(server.connections(), 2);
  for (const std::string& request : server.requests()) {
    EXPECT_NE(request.find("\r\nConnection: close\r\n"), std::string::npos) << request;
  }
}

TEST(RestPosterTest, ErrorStatusIsAnAnswerAndKeepsTheConnection) {
  ScriptedHttpServer server([](int index) {
    if (index > 0) return Ok("", false);
    return CannedReply{
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 16\r\n\r\n{\"error\":\"busy\"}",
        false};
  });
  PosterUnderTest poster(server.endpoint(), /*keep_alive=*/true);
  const RestPostResult refused = poster.Post("{}");
  EXPECT_EQ(refused.error, "");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.body, R"({"error":"busy"})");
  EXPECT_EQ(poster.Post("{}").status, 200);
  EXPECT_EQ(poster.connects(), 1u);
}

TEST(RestPosterTest, BodyWithoutLengthIsReadToTheClose) {
  ScriptedHttpServer server([](int) {
    return CannedReply{"HTTP/1.1 200 OK\r\n\r\nall of it", true};
  });
  PosterUnderTest poster(server.endpoint(), /*keep_alive=*/true);
  const RestPostResult result = poster.Post("{}");
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.body, "all of it");
}

TEST(RestPosterTest, CloseBeforeAnyResponseIsAFailure) {
  ScriptedHttpServer server([](int) { return CannedReply{"", true}; });
  PosterUnderTest poster(server.endpoint(), /*keep_alive=*/true);
  const RestPostResult result = poster.Post("{}");
  EXPECT_EQ(result.error, "closed without response");
  EXPECT_EQ(result.status, 0);
}

TEST(RestPosterTest, TruncatedBodyIsAFailure) {
  ScriptedHttpServer server([](int) {
    return CannedReply{"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"seq\"", true};
  });
  PosterUnderTest poster(server.endpoint(), /*keep_alive=*/true);
  EXPECT_EQ(poster.Post("{}").error, "closed mid-response");
}

TEST(RestPosterTest, RefusedConnectionIsAConnectFailure) {
  tcp::endpoint unused;
  {
    // A port that was just free: bind, note it, close.
    asio::io_context io;
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    unused = probe.local_endpoint();
  }
  PosterUnderTest poster(unused, /*keep_alive=*/true);
  const RestPostResult result = poster.Post("{}");
  EXPECT_EQ(result.error.rfind("connect: ", 0), 0u) << result.error;
  EXPECT_EQ(result.status, 0);
}

}  // namespace
}  // namespace beacon::bench
