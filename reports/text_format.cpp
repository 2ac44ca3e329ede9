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

}  // namespace claimbench::reports
