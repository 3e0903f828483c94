#pragma once

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/string_view.h"
#include "core/validation.h"

namespace beacon::fuzz {

// A broken property is a crash libFuzzer records (with the input that caused it).
#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)

// Valid UTF-8 by the core's own rule (RFC 3629); the empty string counts as valid.
inline bool IsUtf8(absl::string_view text) {
  return text.empty() || beacon::core::ValidateEventData(text, text.size()).ok();
}

// `text` must be JSON (what every edge response and frame is); returns it parsed, keys in order.
inline nlohmann::ordered_json ParseOrDie(const std::string& text) {
  nlohmann::ordered_json json =
      nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    std::fprintf(stderr, "not JSON: %s\n", text.c_str());
    std::abort();
  }
  return json;
}

// An error body must be exactly {"error":"<message>"}, the message intact when it was UTF-8.
inline void CheckErrorBody(const std::string& body, absl::string_view message) {
  const nlohmann::ordered_json json = ParseOrDie(body);
  FUZZ_CHECK(json.is_object() && json.size() == 1);
  FUZZ_CHECK(json.begin().key() == "error" && json.begin()->is_string());
  if (IsUtf8(message)) FUZZ_CHECK(json.begin()->get<std::string>() == message);
}

}  // namespace beacon::fuzz
