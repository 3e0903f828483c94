#include "clients/bench/payload.h"

#include <charconv>
#include <random>

#include "absl/strings/str_cat.h"

namespace beacon::bench {

std::string NewRunTag() {
  std::random_device device;
  std::mt19937_64 generator(device());
  constexpr char kDigits[] = "0123456789abcdef";
  std::string tag;
  uint64_t bits = generator();
  for (int i = 0; i < 8; ++i, bits >>= 4) tag.push_back(kDigits[bits & 15]);
  return tag;
}

std::string MakePayload(std::string_view run_tag, uint64_t id, int64_t send_ns, size_t bytes) {
  std::string data =
      absl::StrCat(absl::string_view(run_tag.data(), run_tag.size()), "-", id, ":", send_ns, ":");
  if (data.size() < bytes) data.append(bytes - data.size(), 'x');
  return data;
}

std::optional<PayloadStamp> ParsePayload(std::string_view data, std::string_view run_tag) {
  if (data.size() <= run_tag.size() || data.substr(0, run_tag.size()) != run_tag ||
      data[run_tag.size()] != '-') {
    return std::nullopt;
  }
  const char* cursor = data.data() + run_tag.size() + 1;
  const char* const end = data.data() + data.size();
  PayloadStamp stamp;
  auto [after_id, id_error] = std::from_chars(cursor, end, stamp.id);
  if (id_error != std::errc() || after_id == end || *after_id != ':') return std::nullopt;
  auto [after_time, time_error] = std::from_chars(after_id + 1, end, stamp.send_ns);
  if (time_error != std::errc() || after_time == end || *after_time != ':') return std::nullopt;
  return stamp;
}

}  // namespace beacon::bench
