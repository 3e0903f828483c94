// POST /tracking bodies in, event/page/error JSON out: the shapes the HTTP API promises.
#include <string>

#include "absl/status/status.h"
#include "beacon/v1/tracking.pb.h"
#include "edge/api/error_json.h"
#include "edge/api/event_json.h"
#include "edge/api/list_events_json.h"
#include "edge/api/track_body.h"
#include "gtest/gtest.h"

namespace beacon::edge {
namespace {

beacon::v1::Event Make(uint64_t seq, const std::string& data) {
  beacon::v1::Event event;
  event.set_seq(seq);
  event.set_account_id("celtra");
  event.set_timestamp(1538056370);
  event.set_data(data);
  return event;
}

TEST(TrackBodyTest, DataIsTheStringFieldDataAndOtherFieldsAreIgnored) {
  EXPECT_EQ(*TrackDataFromBody(R"({"data":"hello"})"), "hello");
  EXPECT_EQ(*TrackDataFromBody(R"({"other":1,"data":"a\"b\u00e9"})"), "a\"b\xc3\xa9");
  EXPECT_EQ(*TrackDataFromBody(R"({"data":""})"), "");  // emptiness is the core's rule
}

TEST(TrackBodyTest, AnythingElseIsInvalidArgumentSayingWhatIsExpected) {
  const absl::Status shape =
      absl::InvalidArgumentError("Body must be a JSON object with a string field \"data\"");
  EXPECT_EQ(TrackDataFromBody("").status(), absl::InvalidArgumentError("Malformed JSON body"));
  EXPECT_EQ(TrackDataFromBody("{\"data\":").status(),
            absl::InvalidArgumentError("Malformed JSON body"));
  for (const char* body : {R"("data")", R"(["data"])", R"({"data":1})", R"({"data":null})",
                           R"({"Data":"x"})", R"({})"}) {
    EXPECT_EQ(TrackDataFromBody(body).status(), shape) << body;
  }
}

TEST(EventJsonTest, KeysInTheDocumentedOrderAndDataEscaped) {
  EXPECT_EQ(EventToJson(Make(42, "a\"b\n")),
            R"({"account_id":"celtra","timestamp":1538056370,"data":"a\"b\n","seq":42})");
  EXPECT_EQ(TruncatedBeforeJson(17), R"({"truncated_before":17})");
}

TEST(ListEventsJsonTest, TruncatedBeforeOnlyWhenTheCoreReportsIt) {
  beacon::v1::ListEventsResponse response;
  *response.add_events() = Make(1, "a");
  response.set_next_page_token("1");
  EXPECT_EQ(ListEventsResponseToJson(response),
            R"({"events":[{"account_id":"celtra","timestamp":1538056370,"data":"a","seq":1}],)"
            R"("next_page_token":"1"})");
  response.set_truncated_before(5);
  EXPECT_EQ(ListEventsResponseToJson(response),
            R"({"events":[{"account_id":"celtra","timestamp":1538056370,"data":"a","seq":1}],)"
            R"("next_page_token":"1","truncated_before":5})");
  EXPECT_EQ(ListEventsResponseToJson(beacon::v1::ListEventsResponse()),
            R"({"events":[],"next_page_token":""})");
}

TEST(ErrorJsonTest, MessageIsEscaped) {
  EXPECT_EQ(ErrorJson("Account is inactive"), R"({"error":"Account is inactive"})");
  EXPECT_EQ(ErrorJson("say \"hi\"\\"), R"({"error":"say \"hi\"\\"})");
}

}  // namespace
}  // namespace beacon::edge
