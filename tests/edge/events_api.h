#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace beacon::testing {

// One 200 answer of GET /events.
struct EventsPage {
  std::vector<std::string> events;  // each event's compact JSON, keys in contract order
  std::string next_page_token;
  uint64_t truncated_before = 0;  // 0 when the body has no "truncated_before"
};

// GET /events<query> (query starting with '?', or empty). Nothing, with a test failure, unless
// the answer is 200 with exactly the keys events, next_page_token[, truncated_before] in that
// order, truncated_before present only when non-zero.
std::optional<EventsPage> GetEventsPage(int port, const std::string& query);

// Every event GET /events?<filter> lists, following next_page_token page after page (each page
// asked with limit=`limit`; each must hold at most that many). Fails the test (and returns what
// it has) on an error or after `max_pages` pages.
std::vector<std::string> GetAllEvents(int port, const std::string& filter, int limit,
                                      int max_pages = 1000);

// Percent-encodes everything but unreserved characters, for a query parameter value.
std::string QueryValue(const std::string& value);

}  // namespace beacon::testing
