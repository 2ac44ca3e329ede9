#include "claimbench/channel_permutation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "claimbench/statistics.hpp"

namespace claimbench {

namespace {

// Kept magnitude of one group (columns `cols` of every row) under "keep the n largest".
double group_kept(const float* A, int rows, int ld, const int* cols, int len, int n) {
  double kept = 0;
  float values[64];
  for (int r = 0; r < rows; ++r) {
    const float* row = A + static_cast<std::size_t>(r) * ld;
    for (int i = 0; i < len; ++i) values[i] = std::fabs(row[cols[i]]);
    const int keep = std::min(n, len);
    std::partial_sort(values, values + keep, values + len, std::greater<float>());
    for (int i = 0; i < keep; ++i) kept += values[i];
  }
  return kept;
}

}  // namespace

double kept_magnitude(const float* A, int rows, int cols, int ld, NMPattern pattern, const std::vector<int>& order) {
  std::vector<int> identity;
  const std::vector<int>* o = &order;
  if (order.empty()) {
    identity.resize(static_cast<std::size_t>(cols));
    std::iota(identity.begin(), identity.end(), 0);
    o = &identity;
  }
  if (static_cast<int>(o->size()) != cols) throw std::invalid_argument("kept_magnitude: order has the wrong length");
  if (pattern.is_dense()) {
    double total = 0;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) total += std::fabs(A[static_cast<std::size_t>(r) * ld + c]);
    return total;
  }
  double kept = 0;
  for (int g = 0; g < cols; g += pattern.m)
    kept += group_kept(A, rows, ld, o->data() + g, std::min(pattern.m, cols - g), pattern.n);
  return kept;
}

ChannelPermutation search_channel_permutation(const float* A, int rows, int cols, int ld, NMPattern pattern,
                                              int pair_trials, std::uint64_t seed) {
  if (pattern.is_dense()) throw std::invalid_argument("search_channel_permutation: needs an N:M pattern");
  ChannelPermutation out;
  out.order.resize(static_cast<std::size_t>(cols));
  std::iota(out.order.begin(), out.order.end(), 0);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) out.total_magnitude += std::fabs(A[static_cast<std::size_t>(r) * ld + c]);
  out.kept_identity = kept_magnitude(A, rows, cols, ld, pattern);

  const int m = pattern.m;
  const int groups = (cols + m - 1) / m;
  if (groups >= 2) {
    std::vector<double> kept(static_cast<std::size_t>(groups));
    auto length = [&](int g) { return std::min(m, cols - g * m); };
    for (int g = 0; g < groups; ++g) kept[g] = group_kept(A, rows, ld, out.order.data() + g * m, length(g), pattern.n);
    Bootstrap rng(seed);
    for (int trial = 0; trial < pair_trials; ++trial) {
      const int g1 = static_cast<int>(rng.next() % groups);
      int g2 = static_cast<int>(rng.next() % (groups - 1));
      if (g2 >= g1) ++g2;
      int* c1 = out.order.data() + g1 * m;
      int* c2 = out.order.data() + g2 * m;
      double best_gain = 1e-9 * (kept[g1] + kept[g2]);  // strictly better, beyond rounding
      int best_i = -1, best_j = -1;
      double best_k1 = 0, best_k2 = 0;
      for (int i = 0; i < length(g1); ++i)
        for (int j = 0; j < length(g2); ++j) {
          std::swap(c1[i], c2[j]);
          const double k1 = group_kept(A, rows, ld, c1, length(g1), pattern.n);
          const double k2 = group_kept(A, rows, ld, c2, length(g2), pattern.n);
          std::swap(c1[i], c2[j]);
          const double gain = k1 + k2 - kept[g1] - kept[g2];
          if (gain > best_gain) {
            best_gain = gain;
            best_i = i;
            best_j = j;
            best_k1 = k1;
            best_k2 = k2;
          }
        }
      if (best_i >= 0) {
        std::swap(c1[best_i], c2[best_j]);
        kept[g1] = best_k1;
        kept[g2] = best_k2;
        ++out.swaps;
      }
    }
  }
  out.kept_permuted = kept_magnitude(A, rows, cols, ld, pattern, out.order);
  if (out.kept_permuted < out.kept_identity) {  // cannot happen with strict gains; keep the promise anyway
    std::iota(out.order.begin(), out.order.end(), 0);
    out.kept_permuted = out.kept_identity;
    out.swaps = 0;
  }
  return out;
}

void permute_columns(const float* A, int rows, int cols, int lda, const std::vector<int>& order, float* out, int ldo) {
  for (int r = 0; r < rows; ++r)
    for (int p = 0; p < cols; ++p)
      out[static_cast<std::size_t>(r) * ldo + p] = A[static_cast<std::size_t>(r) * lda + order[p]];
}

void permute_rows(const float* B, int rows, int cols, int ldb, const std::vector<int>& order, float* out, int ldo) {
  for (int p = 0; p < rows; ++p)
    std::copy_n(B + static_cast<std::size_t>(order[p]) * ldb, cols, out + static_cast<std::size_t>(p) * ldo);
}

}  // namespace claimbench
