#include "claimbench/pruning.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace claimbench {

std::string NMPattern::str() const {
  if (is_dense()) return "dense";
  return std::to_string(n) + ":" + std::to_string(m);
}

std::optional<NMPattern> NMPattern::parse(std::string_view text) {
  if (text == "dense") return NMPattern{};
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  int n = 0, m = 0;
  const auto a = text.substr(0, colon), b = text.substr(colon + 1);
  if (std::from_chars(a.data(), a.data() + a.size(), n).ptr != a.data() + a.size() || a.empty())
    return std::nullopt;
  if (std::from_chars(b.data(), b.data() + b.size(), m).ptr != b.data() + b.size() || b.empty())
    return std::nullopt;
  if (n < 1 || m > 64 || n >= m) return std::nullopt;
  return NMPattern{n, m};
}

std::optional<NMPattern> NMPattern::parse_workload_pattern(std::string_view text, bool& permute) {
  constexpr std::string_view suffix = "+perm";
  permute = text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
  if (permute) text.remove_suffix(suffix.size());
  auto pattern = parse(text);
  if (pattern && permute && pattern->is_dense()) return std::nullopt;
  return pattern;
}

void prune_nm_by_magnitude(float* A, int rows, int cols, int ld, NMPattern pattern) {
  if (pattern.is_dense()) return;
  std::vector<int> order(static_cast<std::size_t>(pattern.m));
  for (int r = 0; r < rows; ++r) {
    float* row = A + static_cast<std::size_t>(r) * ld;
    for (int g = 0; g < cols; g += pattern.m) {
      const int len = std::min(pattern.m, cols - g);
      for (int i = 0; i < len; ++i) {
        if (std::isnan(row[g + i]))
          throw std::invalid_argument("prune_nm_by_magnitude: NaN at row " + std::to_string(r) +
                                      ", column " + std::to_string(g + i) +
                                      "; magnitude pruning needs ordered values");
        order[i] = i;
      }
      const int keep = std::min(pattern.n, len);
      // Largest magnitude first; ties keep the lower index (stable order on index).
      std::stable_sort(order.begin(), order.begin() + len,
                       [&](int x, int y) { return std::fabs(row[g + x]) > std::fabs(row[g + y]); });
      for (int i = keep; i < len; ++i) row[g + order[i]] = 0.0f;
    }
  }
}

bool satisfies_nm(const float* A, int rows, int cols, int ld, NMPattern pattern) {
  if (pattern.is_dense()) return true;
  for (int r = 0; r < rows; ++r) {
    const float* row = A + static_cast<std::size_t>(r) * ld;
    for (int g = 0; g < cols; g += pattern.m) {
      const int len = std::min(pattern.m, cols - g);
      int nonzeros = 0;
      for (int i = 0; i < len; ++i) nonzeros += row[g + i] != 0.0f;
      if (nonzeros > pattern.n) return false;
    }
  }
  return true;
}

void prune_unstructured_by_magnitude(float* A, int rows, int cols, int ld, double fraction) {
  if (!(fraction >= 0.0 && fraction <= 1.0)) throw std::invalid_argument("unstructured sparsity must lie in [0, 1]");
  const std::size_t count = static_cast<std::size_t>(rows) * cols;
  const auto zeroed = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(count)));
  if (zeroed == 0) return;
  std::vector<std::uint64_t> order(count);
  for (std::size_t i = 0; i < count; ++i) {
    const float v = A[(i / cols) * static_cast<std::size_t>(ld) + i % cols];
    if (std::isnan(v)) throw std::invalid_argument("cannot prune a NaN by magnitude");
    order[i] = i;
  }
  auto magnitude = [&](std::uint64_t i) { return std::fabs(A[(i / cols) * static_cast<std::size_t>(ld) + i % cols]); };
  // Smallest magnitude first; among equal magnitudes the higher index goes first.
  auto before = [&](std::uint64_t a, std::uint64_t b) {
    const float ma = magnitude(a), mb = magnitude(b);
    return ma != mb ? ma < mb : a > b;
  };
  if (zeroed < count) std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(zeroed), order.end(), before);
  for (std::size_t j = 0; j < zeroed; ++j) {
    const std::uint64_t i = order[j];
    A[(i / cols) * static_cast<std::size_t>(ld) + i % cols] = 0.0f;
  }
}

}  // namespace claimbench
