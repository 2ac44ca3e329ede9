#include "text_format.hpp"

#include <cmath>
#include <cstdio>

namespace claimbench::reports {

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "—";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string significant(double value, int digits) {
  if (!std::isfinite(value)) return "—";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

double gflops(double flops, double seconds) { return seconds > 0 ? flops / seconds / 1e9 : 0.0; }

std::string verdict_value_text(const VerdictRecord& v, const CheckRecord* check) {
  if (v.pairs <= 0) return "";
  const std::string measure = check ? check->measure : "";
  if (measure == "counter" || measure == "counter-difference") {
    const std::string name = check->counter + (measure == "counter-difference" ? " difference " : " ");
    if (v.ci_low == v.measured && v.ci_high == v.measured) return name + significant(v.measured, 4) + " (exact)";
    return name + significant(v.measured, 4) + " [" + significant(v.ci_low, 4) + "–" + significant(v.ci_high, 4) + "]";
  }
  if (measure == "counter-ratio" && v.ci_low == v.measured && v.ci_high == v.measured)
    return check->counter + " " + significant(v.measured) + "× (exact)";
  if (v.metric == "footprint-ratio" || measure == "footprint-ratio") return significant(v.measured, 6) + " of dense (exact)";
  return significant(v.measured) + "× [" + significant(v.ci_low) + "–" + significant(v.ci_high) + "]";
}

std::string verdict_rule_text(const CheckRecord& check) {
  const bool plain = check.measure == "counter" || check.measure == "counter-difference";
  const std::string what = plain ? " of " + check.measure + " '" + check.counter + "'"
                           : check.measure == "counter-ratio"
                               ? " of the '" + check.counter + "' ratio (" + check.direction + ")"
                               : "";
  if (plain && check.rule != "within")
    return check.aggregate + what + " over workload×thread pairs; reproduced at ≥ " + significant(check.threshold, 4) +
           ", partially at ≥ " + significant(check.partial_threshold, 4);
  if (!what.empty() && check.rule == "within")
    return check.aggregate + what + " over workload×thread pairs; reproduced within " + significant(check.target, 6) +
           " ± " + significant(check.tolerance) + ", partially within ± " + significant(check.partial_tolerance);
  if (!what.empty())
    return check.aggregate + what + " over workload×thread pairs; reproduced at ≥ " + significant(check.threshold) +
           "×, partially at ≥ " + significant(check.partial_threshold) + "×";
  if (check.rule == "within")
    return check.aggregate + " over workload×thread pairs; reproduced within " + significant(check.target, 6) + " ± " +
           significant(check.tolerance) + ", partially within ± " + significant(check.partial_tolerance);
  return check.aggregate + " over workload×thread pairs; reproduced at ≥ " + significant(check.threshold) +
         "×, partially at ≥ " + significant(check.partial_threshold) + "×";
}

}  // namespace claimbench::reports
