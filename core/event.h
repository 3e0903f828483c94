#pragma once

#include <memory>

#include "beacon/v1/tracking.pb.h"

namespace beacon::core {

// An event is built once by Track and shared, read-only, by every subscriber queue it is
// delivered to: never copied per subscriber.
using EventPtr = std::shared_ptr<const beacon::v1::Event>;

}  // namespace beacon::core
