#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "observability/metrics_registry.h"

namespace beacon::observability {

// Pieces of the Prometheus text exposition format 0.0.4.

// A sample value: whole numbers as integers, others as the shortest decimal that reads back as
// `value`; +Inf, -Inf, NaN.
std::string PrometheusNumber(double value);
// {name="value",...} with \, " and newline escaped; empty when there are no labels.
// `extra` (e.g. the le label of a histogram bucket) is appended when not empty.
std::string PrometheusLabels(const Labels& labels, const Labels& extra = {});
// A HELP text with \ and newline escaped.
std::string PrometheusHelp(absl::string_view help);
// Whether `name` is a valid metric or label name ([a-zA-Z_:][a-zA-Z0-9_:]*, no ':' in labels).
bool IsValidMetricName(absl::string_view name);
bool IsValidLabelName(absl::string_view name);

}  // namespace beacon::observability
