#include "core/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "beacon/v1/error_reason.h"

namespace beacon::core {
namespace {

bool IsAccountIdChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// Length of the UTF-8 sequence starting at data[i], or 0 when it is not well-formed (overlong
// forms, surrogates and code points above U+10FFFF are rejected, as RFC 3629 requires).
size_t Utf8SequenceLength(absl::string_view data, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(data[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char min_second = 0x80, max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;
    if (lead == 0xED) max_second = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;
    if (lead == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + length > data.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

absl::Status ValidateAccountId(absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError("account id is empty");
  if (id.size() > kMaxAccountIdLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("account id is longer than ", kMaxAccountIdLength, " characters"));
  }
  for (const char c : id) {
    if (!IsAccountIdChar(c)) {
      return absl::InvalidArgumentError(
          "account id may contain only letters, digits, '.', '_' and '-'");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateEventData(absl::string_view data, size_t max_bytes) {
  if (data.empty()) return absl::InvalidArgumentError("data is empty");
  if (data.size() > max_bytes) {
    return beacon::v1::WithErrorReason(
        absl::InvalidArgumentError(
            absl::StrCat("data is ", data.size(), " bytes; the limit is ", max_bytes)),
        beacon::v1::DATA_TOO_LARGE);
  }
  for (size_t i = 0; i < data.size();) {
    const size_t length = Utf8SequenceLength(data, i);
    if (length == 0) {
      return absl::InvalidArgumentError(absl::StrCat("data is not valid UTF-8 (byte ", i, ")"));
    }
    i += length;
  }
  return absl::OkStatus();
}

}  // namespace beacon::core
