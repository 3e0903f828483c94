#pragma once

#include <functional>
#include <string>

namespace beacon::bench {

// Publishes events of one account, each a data string, to Beacon by one of its public
// interfaces (gRPC Track on the core, POST /tracking on the edge).
//
// Threading: Publish() is called from one thread at a time and may block while the publisher
// has no room for another request; `done` is called exactly once per Publish(), on a thread of
// the publisher's, possibly before Publish() returns (so the caller must not hold a lock that
// `done` takes). Lifetime: a publisher must outlive every `done` it owes.
class TrackPublisher {
 public:
  // `error` is empty when the event was accepted, else the kind of failure ("UNAVAILABLE",
  // "http 503", "connect: Connection refused", ...).
  using Done = std::function<void(const std::string& error)>;

  virtual ~TrackPublisher() = default;

  virtual void Publish(std::string data, Done done) = 0;
};

}  // namespace beacon::bench
