#pragma once

#include <memory>

#include "storage/stored_event.h"

namespace beacon::core {

// An event is built (and encoded) once, when it is committed or read back from the log, and
// shared, read-only, by every subscriber queue and stream it is delivered to: never copied or
// encoded again per subscriber.
using EventPtr = std::shared_ptr<const storage::StoredEvent>;

}  // namespace beacon::core
