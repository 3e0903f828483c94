#pragma once

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "storage/sequence_store.h"

namespace beacon::core {

// Hands out the service-wide sequence numbers. Numbers are reserved in blocks recorded in
// storage before the first of them is used, so after a restart or a crash the numbering
// continues above everything handed out before (skipping at most the rest of one block) and a
// disk write is needed only once per block.
//
// Threading: not thread-safe; EventCommitter uses it from its commit thread only. Lifetime: `store` must
// outlive it.
class SeqAllocator {
 public:
  static absl::StatusOr<std::unique_ptr<SeqAllocator>> Create(storage::SequenceStore& store,
                                                              uint64_t block);

  // The next number. Fails only when a new block cannot be recorded; nothing is handed out then.
  absl::StatusOr<uint64_t> Next();

 private:
  SeqAllocator(storage::SequenceStore& store, uint64_t block, uint64_t start)
      : store_(store), block_(block), last_(start), ceiling_(start) {}

  storage::SequenceStore& store_;
  const uint64_t block_;
  uint64_t last_;     // the last number handed out (or the ceiling found at start)
  uint64_t ceiling_;  // numbers up to here are recorded as reserved
};

}  // namespace beacon::core
