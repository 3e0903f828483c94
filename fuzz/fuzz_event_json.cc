// Event JSON as beacon-edge writes it (POST /tracking answers, WebSocket frames, GET /events
// pages), from events with arbitrary fields: any bytes in account_id, data and next_page_token
// (the core admits only UTF-8 data, but a stored event must never crash the edge or make it write
// invalid JSON), any timestamp, seq and truncated_before. The output is parsed back and must
// carry the same values, in the documented key order, wherever the input was UTF-8.
//
// Input (libFuzzer's FuzzedDataProvider): from the end, the number of events (0-4) and each
// event's timestamp and seq, then truncated_before; from the front, each event's account_id and
// data, then next_page_token, each ended by a backslash and one other character ("\\\\" is a
// literal backslash).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "edge/api/event_json.h"
#include "edge/api/list_events_json.h"
#include "fuzz/fuzz_checks.h"

namespace beacon::fuzz {
namespace {

void CheckString(const nlohmann::ordered_json& json, const std::string& original) {
  FUZZ_CHECK(json.is_string());
  const std::string& written = json.get_ref<const std::string&>();
  if (IsUtf8(original)) {
    FUZZ_CHECK(written == original);
  } else {
    // Invalid sequences become U+FFFD; what was valid around them is kept.
    FUZZ_CHECK(written != original &&
               absl::string_view(written).find("\xEF\xBF\xBD") != absl::string_view::npos);
  }
}

void CheckEvent(const nlohmann::ordered_json& json, const beacon::v1::Event& event) {
  FUZZ_CHECK(json.is_object() && json.size() == 4);
  auto field = json.begin();
  FUZZ_CHECK(field.key() == "account_id");
  CheckString(*field, event.account_id());
  ++field;
  FUZZ_CHECK(field.key() == "timestamp" && field->is_number_integer());
  FUZZ_CHECK(field->get<int64_t>() == event.timestamp());
  ++field;
  FUZZ_CHECK(field.key() == "data");
  CheckString(*field, event.data());
  ++field;
  FUZZ_CHECK(field.key() == "seq" && field->is_number_integer());
  FUZZ_CHECK(field->get<uint64_t>() == event.seq());
}

}  // namespace
}  // namespace beacon::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace beacon::fuzz;
  FuzzedDataProvider input(bytes, size);
  beacon::v1::ListEventsResponse response;
  const size_t count = input.ConsumeIntegralInRange<size_t>(0, 4);
  for (size_t i = 0; i < count; ++i) {
    beacon::v1::Event* event = response.add_events();
    event->set_timestamp(input.ConsumeIntegral<int64_t>());
    event->set_seq(input.ConsumeIntegral<uint64_t>());
    event->set_account_id(input.ConsumeRandomLengthString(256));
    event->set_data(input.ConsumeRandomLengthString(1 << 16));
  }
  response.set_truncated_before(input.ConsumeIntegral<uint64_t>());
  response.set_next_page_token(input.ConsumeRandomLengthString(1024));

  // One event, as a frame or a POST answer.
  for (const beacon::v1::Event& event : response.events()) {
    CheckEvent(ParseOrDie(beacon::edge::EventToJson(event)), event);
  }

  // A page of GET /events: {"events":[...],"next_page_token":"..."[,"truncated_before":N]}.
  const nlohmann::ordered_json page = ParseOrDie(beacon::edge::ListEventsResponseToJson(response));
  FUZZ_CHECK(page.is_object());
  FUZZ_CHECK(page.size() == (response.truncated_before() != 0 ? 3u : 2u));
  auto field = page.begin();
  FUZZ_CHECK(field.key() == "events" && field->is_array());
  FUZZ_CHECK(field->size() == static_cast<size_t>(response.events_size()));
  for (int i = 0; i < response.events_size(); ++i) CheckEvent((*field)[i], response.events(i));
  ++field;
  FUZZ_CHECK(field.key() == "next_page_token");
  CheckString(*field, response.next_page_token());
  if (response.truncated_before() != 0) {
    ++field;
    FUZZ_CHECK(field.key() == "truncated_before");
    FUZZ_CHECK(field->get<uint64_t>() == response.truncated_before());
  }

  // The retention frame.
  const nlohmann::ordered_json truncated =
      ParseOrDie(beacon::edge::TruncatedBeforeJson(response.truncated_before()));
  FUZZ_CHECK(truncated.size() == 1 &&
             truncated["truncated_before"].get<uint64_t>() == response.truncated_before());
  return 0;
}
