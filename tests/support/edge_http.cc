#include "edge_http.h"

#include <csignal>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace beacon::testing {
namespace {

// This httplib writes without MSG_NOSIGNAL: when the edge answers early and hangs up (413, 404)
// while a request is still being sent, the write must fail, not kill the test process.
const bool kSigpipeIgnored = std::signal(SIGPIPE, SIG_IGN) != SIG_ERR;

httplib::Client EdgeClient(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(15));
  client.set_write_timeout(std::chrono::seconds(15));
  client.set_url_encode(false);  // send paths and queries exactly as the tests write them
  return client;
}

}  // namespace

httplib::Result PostEvent(int port, const std::string& account, const std::string& data) {
  return PostBody(port, "/tracking/" + account, EventBody(data));
}

std::string PostOk(int port, const std::string& account, const std::string& data) {
  const auto result = PostEvent(port, account, data);
  if (!result || result->status != 200) {
    ADD_FAILURE() << "POST /tracking/" << account << ": " << Describe(result);
    return "";
  }
  return result->body;
}

httplib::Result PostBody(int port, const std::string& path, const std::string& body) {
  return EdgeClient(port).Post(path, body, "application/json");
}

httplib::Result Get(int port, const std::string& path) { return EdgeClient(port).Get(path); }

httplib::Result PostBodyWithHeaders(int port, const std::string& path, const std::string& body,
                                    const httplib::Headers& headers) {
  return EdgeClient(port).Post(path, headers, body, "application/json");
}

httplib::Result GetWithHeaders(int port, const std::string& path, const httplib::Headers& headers) {
  return EdgeClient(port).Get(path, headers);
}

httplib::Result RequestUpgrade(int port, const std::string& query,
                               const httplib::Headers& extra_headers) {
  httplib::Headers upgrade = {{"Connection", "Upgrade"},
                              {"Upgrade", "websocket"},
                              {"Sec-WebSocket-Version", "13"},
                              {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  upgrade.insert(extra_headers.begin(), extra_headers.end());
  return EdgeClient(port).Get("/subscribe" + query, upgrade);
}

std::string EventBody(const std::string& data) { return nlohmann::json{{"data", data}}.dump(); }

std::string ChunkedTrackRequest(const std::string& body, size_t chunk, bool close) {
  std::ostringstream request;
  request << "POST /tracking/celtra HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          << (close ? "Connection: close\r\n" : "")
          << "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (size_t at = 0; at < body.size(); at += chunk) {
    const std::string part = body.substr(at, chunk);
    request << std::hex << part.size() << "\r\n" << part << "\r\n";
  }
  request << "0\r\n\r\n";
  return request.str();
}

::testing::AssertionResult IsJsonError(const httplib::Result& result, int status) {
  if (!result) return ::testing::AssertionFailure() << Describe(result);
  if (result->status != status) {
    return ::testing::AssertionFailure() << "expected " << status << ", got " << Describe(result);
  }
  if (!IsJsonErrorBody(result->body)) {
    return ::testing::AssertionFailure() << "not a JSON error body: " << Describe(result);
  }
  return ::testing::AssertionSuccess();
}

bool IsJsonErrorBody(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  return json.is_object() && json.contains("error") && json["error"].is_string() &&
         !json["error"].get<std::string>().empty();
}

std::string ErrorMessageOf(const httplib::Result& result) {
  if (!result) return "";
  const auto json = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("error") || !json["error"].is_string()) return "";
  return json["error"].get<std::string>();
}

::testing::AssertionResult IsEventJson(const std::string& body, const std::string& account,
                                       const std::string& data) {
  const auto json = nlohmann::ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return ::testing::AssertionFailure() << "not a JSON object: " << body;
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  const std::vector<std::string> contract_keys = {"account_id", "timestamp", "data", "seq"};
  if (keys != contract_keys) return ::testing::AssertionFailure() << "wrong keys: " << body;
  if (!json["timestamp"].is_number_integer() || !json["seq"].is_number_unsigned() ||
      json["seq"].get<uint64_t>() == 0) {
    return ::testing::AssertionFailure() << "bad timestamp or seq: " << body;
  }
  if (json["account_id"] != account || json["data"] != data) {
    return ::testing::AssertionFailure()
           << "expected account " << account << " and data " << data << ", got " << body;
  }
  return ::testing::AssertionSuccess();
}

uint64_t SeqOf(const std::string& event_json) {
  const auto json = nlohmann::json::parse(event_json, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("seq") || !json["seq"].is_number_unsigned()) {
    ADD_FAILURE() << "not an event with a seq: " << event_json;
    return 0;
  }
  return json["seq"].get<uint64_t>();
}

std::string Describe(const httplib::Result& result) {
  if (!result) return "no response (" + httplib::to_string(result.error()) + ")";
  return std::to_string(result->status) + " " + result->body;
}

}  // namespace beacon::testing
