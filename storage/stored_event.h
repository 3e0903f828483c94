#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "beacon/v1/tracking.pb.h"

namespace beacon::storage {

// An event as the log holds it: its fields, and the exact bytes it is stored as (its protobuf
// encoding, seq included). Both are made once, when the event is committed or read back from the
// log, so that whoever sends it on (every subscriber's stream) reuses the encoding instead of
// encoding it again. Immutable.
class StoredEvent {
 public:
  // Encodes `event` (its seq set).
  explicit StoredEvent(beacon::v1::Event event)
      : event_(std::move(event)), encoded_(event_.SerializeAsString()) {}
  // `encoded` is `event` as read from the log.
  StoredEvent(beacon::v1::Event event, std::string encoded)
      : event_(std::move(event)), encoded_(std::move(encoded)) {}

  const beacon::v1::Event& event() const { return event_; }
  // The serialized beacon.v1.Event.
  const std::string& encoded() const { return encoded_; }

  uint64_t seq() const { return event_.seq(); }
  const std::string& account_id() const { return event_.account_id(); }
  const std::string& data() const { return event_.data(); }

 private:
  beacon::v1::Event event_;
  std::string encoded_;
};

}  // namespace beacon::storage
