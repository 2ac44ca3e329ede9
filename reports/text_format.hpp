// Number and text formatting shared by the report writers (fixed, locale-free).
#pragma once

#include <string>

namespace claimbench::reports {

std::string fixed(double value, int decimals);
std::string significant(double value, int digits = 3);
std::string csv_field(const std::string& text);
std::string markdown_cell(const std::string& text);
double gflops(double flops, double seconds);

}  // namespace claimbench::reports
