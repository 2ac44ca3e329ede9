// Number and text formatting shared by the report writers (fixed, locale-free).
#pragma once

#include <string>

#include "claimbench/records.hpp"

namespace claimbench::reports {

std::string fixed(double value, int decimals);
std::string significant(double value, int digits = 3);
std::string csv_field(const std::string& text);
std::string markdown_cell(const std::string& text);
double gflops(double flops, double seconds);

// A verdict's value in its metric's terms: "1.19× [1.18–1.26]" for a speedup, "0.5625 of dense
// (exact)" for a footprint ratio; "" when nothing was measured.
// With a counter measure (check->measure) the counter's name and value instead.
std::string verdict_value_text(const VerdictRecord& v, const CheckRecord* check = nullptr);
// "max over workload×thread pairs; reproduced at ≥ 1.8×, partially at ≥ 1.2×", or the within form.
std::string verdict_rule_text(const CheckRecord& check);

}  // namespace claimbench::reports
