#include "clients/bench/delivery_check.h"

#include "clients/bench/payload.h"
#include "nlohmann/json.hpp"

namespace beacon::bench {

bool SubscriberCheck::Seen(uint64_t id) const {
  const uint64_t word = id / 64;
  return word < seen_.size() && (seen_[word] >> (id % 64)) & 1;
}

void SubscriberCheck::OnFrame(const std::string& payload, int64_t received_ns,
                              std::string_view account, std::string_view run_tag,
                              DeliveryTally& tally) {
  const nlohmann::json event = nlohmann::json::parse(payload, nullptr, false);
  if (event.is_discarded() || !event.is_object()) {
    ++tally.malformed;
    return;
  }
  const auto account_field = event.find("account_id");
  const auto seq_field = event.find("seq");
  const auto data_field = event.find("data");
  if (account_field == event.end() || !account_field->is_string() || seq_field == event.end() ||
      !seq_field->is_number_unsigned() || data_field == event.end() || !data_field->is_string()) {
    ++tally.malformed;
    return;
  }
  if (account_field->get_ref<const std::string&>() != account) ++tally.wrong_account;
  const uint64_t seq = seq_field->get<uint64_t>();
  const std::optional<PayloadStamp> stamp =
      ParsePayload(data_field->get_ref<const std::string&>(), run_tag);
  if (stamp && Seen(stamp->id)) {
    ++tally.duplicates;
    return;
  }
  if (seq <= last_seq_) {
    ++tally.out_of_order;
  } else {
    last_seq_ = seq;
  }
  if (!stamp) {
    ++tally.foreign;
    return;
  }
  const uint64_t word = stamp->id / 64;
  if (word >= seen_.size()) seen_.resize(std::max<size_t>(word + 1, seen_.size() * 2), 0);
  seen_[word] |= uint64_t{1} << (stamp->id % 64);
  ++tally.delivered;
  tally.delivered_so_far.store(tally.delivered, std::memory_order_relaxed);
  tally.latency.Record(received_ns - stamp->send_ns);
}

uint64_t SubscriberCheck::CountMissing(const std::vector<bool>& accepted) const {
  uint64_t missing = 0;
  for (uint64_t id = 0; id < accepted.size(); ++id) {
    if (accepted[id] && !Seen(id)) ++missing;
  }
  return missing;
}

uint64_t SubscriberCheck::CountUnconfirmed(const std::vector<bool>& accepted) const {
  uint64_t unconfirmed = 0;
  for (uint64_t word = 0; word < seen_.size(); ++word) {
    for (uint64_t bits = seen_[word]; bits != 0; bits &= bits - 1) {
      const uint64_t id = word * 64 + __builtin_ctzll(bits);
      if (id >= accepted.size() || !accepted[id]) ++unconfirmed;
    }
  }
  return unconfirmed;
}

}  // namespace beacon::bench
