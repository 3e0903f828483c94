#pragma once

#include <string>

#include "gtest/gtest.h"
#include "httplib.h"

namespace beacon::testing {

// One-shot HTTP calls to the edge, each on a connection of its own.
httplib::Result PostEvent(int port, const std::string& account, const std::string& data);
httplib::Result PostBody(int port, const std::string& path, const std::string& body);
httplib::Result Get(int port, const std::string& path);
// Posts an event, expecting 200; returns the response body (empty, with a test failure, on any
// other answer).
std::string PostOk(int port, const std::string& account, const std::string& data);
// A WebSocket client's upgrade request for /subscribe`query`; meant for refused upgrades,
// whose status and JSON body it returns.
httplib::Result RequestUpgrade(int port, const std::string& query,
                               const httplib::Headers& extra_headers = {});
// Requests with extra headers (e.g. Authorization).
httplib::Result PostBodyWithHeaders(int port, const std::string& path, const std::string& body,
                                    const httplib::Headers& headers);
httplib::Result GetWithHeaders(int port, const std::string& path, const httplib::Headers& headers);
// The JSON body {"data": data}.
std::string EventBody(const std::string& data);
// The raw bytes of `POST /tracking/celtra` with `body` sent chunked, `chunk` bytes a chunk; with
// `close`, the request asks for Connection: close.
std::string ChunkedTrackRequest(const std::string& body, size_t chunk, bool close);

// `result` has `status` and a JSON error body.
::testing::AssertionResult IsJsonError(const httplib::Result& result, int status);
// `body` is a JSON object with a non-empty "error" string.
bool IsJsonErrorBody(const std::string& body);
// The "error" string of a JSON error response; empty when there is none.
std::string ErrorMessageOf(const httplib::Result& result);
// `body` is the event JSON with exactly the keys account_id, timestamp, data, seq in that
// order, of the right types, with these account and data.
::testing::AssertionResult IsEventJson(const std::string& body, const std::string& account,
                                       const std::string& data);
std::string Describe(const httplib::Result& result);
// The "seq" of an event JSON (0, with a test failure, when it has none).
uint64_t SeqOf(const std::string& event_json);

}  // namespace beacon::testing
