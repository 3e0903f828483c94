#pragma once

#include "absl/strings/string_view.h"

namespace beacon::edge {

// The bytes of edge/server/live_page.html, embedded at build time (live_page_html.cc.in).
absl::string_view LivePageHtml();

}  // namespace beacon::edge
