#include "core/seq_allocator.h"

namespace beacon::core {

absl::StatusOr<std::unique_ptr<SeqAllocator>> SeqAllocator::Create(storage::SequenceStore& store,
                                                                   uint64_t block) {
  const absl::StatusOr<uint64_t> ceiling = store.ReservedCeiling();
  if (!ceiling.ok()) return ceiling.status();
  return std::unique_ptr<SeqAllocator>(new SeqAllocator(store, block, *ceiling));
}

absl::StatusOr<uint64_t> SeqAllocator::Next() {
  if (last_ == ceiling_) {
    if (absl::Status s = store_.Reserve(ceiling_ + block_); !s.ok()) return s;
    ceiling_ += block_;
  }
  return ++last_;
}

}  // namespace beacon::core
