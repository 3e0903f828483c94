#include "events_api.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "edge_http.h"
#include "gtest/gtest.h"

namespace beacon::testing {

std::optional<EventsPage> GetEventsPage(int port, const std::string& query) {
  const auto result = Get(port, "/events" + query);
  if (!result || result->status != 200) {
    ADD_FAILURE() << "GET /events" << query << ": " << Describe(result);
    return std::nullopt;
  }
  const auto json = nlohmann::ordered_json::parse(result->body, nullptr, false);
  std::vector<std::string> keys;
  if (json.is_object()) {
    for (const auto& item : json.items()) keys.push_back(item.key());
  }
  const std::vector<std::string> plain = {"events", "next_page_token"};
  const std::vector<std::string> truncated = {"events", "next_page_token", "truncated_before"};
  if ((keys != plain && keys != truncated) || !json["events"].is_array() ||
      !json["next_page_token"].is_string()) {
    ADD_FAILURE() << "GET /events" << query << ": not the documented body: " << result->body;
    return std::nullopt;
  }
  EventsPage page;
  for (const auto& event : json["events"]) page.events.push_back(event.dump());
  page.next_page_token = json["next_page_token"].get<std::string>();
  if (keys == truncated) {
    if (!json["truncated_before"].is_number_unsigned() ||
        json["truncated_before"].get<uint64_t>() == 0) {
      ADD_FAILURE() << "truncated_before present but not a positive integer: " << result->body;
      return std::nullopt;
    }
    page.truncated_before = json["truncated_before"].get<uint64_t>();
  }
  return page;
}

std::vector<std::string> GetAllEvents(int port, const std::string& filter, int limit,
                                      int max_pages) {
  std::vector<std::string> events;
  std::string token;
  for (int pages = 0; pages < max_pages; ++pages) {
    std::string query = "?limit=" + std::to_string(limit);
    if (!filter.empty()) query += "&" + filter;
    if (!token.empty()) query += "&page_token=" + QueryValue(token);
    const std::optional<EventsPage> page = GetEventsPage(port, query);
    if (!page) return events;
    EXPECT_LE(page->events.size(), static_cast<size_t>(limit)) << query;
    events.insert(events.end(), page->events.begin(), page->events.end());
    if (page->next_page_token.empty()) return events;
    token = page->next_page_token;
  }
  ADD_FAILURE() << "GET /events?" << filter << " still had a next_page_token after " << max_pages
                << " pages";
  return events;
}

std::string QueryValue(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return encoded;
}

}  // namespace beacon::testing
