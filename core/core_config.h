#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/access_policy.h"
#include "core/event_committer.h"
#include "core/event_history.h"
#include "core/event_retention.h"
#include "core/tls_files.h"
#include "core/tracker.h"
#include "storage/database.h"

namespace beacon::core {

// The values of --subscriber_auth and --track_auth.
inline constexpr absl::string_view kAuthOff = "off";
inline constexpr absl::string_view kAuthRequired = "required";

// Every setting of beacon-core. A default-constructed CoreConfig holds the defaults, written once
// (here or in the limits struct of the component they configure): main.cc's flags take their
// defaults from it. Numeric limits arrive from int64 flags, so a negative one arrives wrapped
// around; Validate() refuses it as the number that was given.
struct CoreConfig {
  std::string listen = "127.0.0.1:50051";       // gRPC HOST:PORT; port 0 picks a free port
  std::string admin_listen = "127.0.0.1:9090";  // admin HTTP HOST:PORT; empty: no admin server
  TlsFiles tls;                                 // nothing named: plaintext gRPC
  std::string data_dir = "data/core";           // the RocksDB database
  std::string admin_token_file;                 // empty: DATA_DIR/admin_token
  std::string subscriber_auth = std::string(kAuthOff);  // kAuthOff or kAuthRequired
  std::string track_auth = std::string(kAuthOff);       // kAuthOff or kAuthRequired

  TrackerLimits tracker;
  CommitLimits commit;
  HistoryLimits history;
  RetentionPolicy retention;
  storage::DatabaseOptions database;
  size_t max_subscriptions = 100000;   // open Subscribe streams
  uint64_t seq_reserve_block = 65536;  // seqs reserved per synced write (SeqAllocator)
  size_t fanout_threads = 0;           // FanoutExecutor threads; 0: one per hardware thread
  absl::Duration subscribe_linger = absl::Milliseconds(2);   // see FanoutExecutor
  absl::Duration shutdown_grace = absl::Milliseconds(5000);  // for calls in flight at shutdown

  // OK, or InvalidArgument whose message names the first setting that cannot work, in the words
  // beacon-core prints. Also reads the TLS files, so that one that cannot be read is refused
  // before anything is opened or bound.
  absl::Status Validate() const;

  // Derived settings; meaningful once Validate() has passed.
  AccessRules Access() const;
  std::string AdminTokenPath() const;
  size_t FanoutThreadCount() const;
};

}  // namespace beacon::core
