#include "jetstream/internal/page_builder.h"

#include <algorithm>
#include <string>

#include "jetstream/internal/event_subjects.h"

namespace beacon::jetstream::internal {
namespace {

bool Matches(const std::vector<std::string>& accounts, const std::string& account) {
  return accounts.empty() || std::binary_search(accounts.begin(), accounts.end(), account);
}

}  // namespace

PageBuilder::Verdict PageBuilder::Offer(uint64_t seq, natsMsg* msg) {
  if (examined_ == query_.max_examined || page_.messages.size() == query_.max_messages) {
    return Verdict::kDone;
  }
  if (first_ && dense_ && seq > start_ + 1 && page_.truncated_before == 0) {
    page_.truncated_before = seq;  // removed by limits since the read learnt the stream's bounds
  }
  first_ = false;
  if (seq > query_.until) {
    page_.end = true;
    page_.last_examined = query_.until;
    return Verdict::kDone;
  }
  absl::StatusOr<std::string> account = AccountOfSubject(options_, natsMsg_GetSubject(msg));
  if (account.ok() && Matches(query_.accounts, *account)) {
    const size_t size = static_cast<size_t>(natsMsg_GetDataLength(msg));
    if (!page_.messages.empty() && bytes_ + size > query_.max_bytes) return Verdict::kDone;
    bytes_ += size;
    StreamMessage& message = page_.messages.emplace_back();
    message.seq = seq;
    message.account = *std::move(account);
    message.payload.assign(natsMsg_GetData(msg), size);
  }
  ++examined_;
  page_.last_examined = seq;
  return Verdict::kMore;
}

void PageBuilder::FinishAtEnd(uint64_t known_last) {
  page_.end = true;
  page_.last_examined = std::max(page_.last_examined, std::min(query_.until, known_last));
}

}  // namespace beacon::jetstream::internal
