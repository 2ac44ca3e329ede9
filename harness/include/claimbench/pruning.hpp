// N:M structured sparsity patterns and magnitude pruning along K (the row direction of the
// weight matrix), the way Ampere's 2:4 is applied.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace claimbench {

// Keep at most n of every m consecutive elements. m == 0 means dense.
struct NMPattern {
  int n = 0;
  int m = 0;
  bool is_dense() const { return m == 0; }
  std::string str() const;  // "dense" or "2:4"
  // "dense" or "N:M" with 1 ≤ N < M ≤ 64; nullopt otherwise.
  static std::optional<NMPattern> parse(std::string_view text);
  // A workload's pattern column: an N:M pattern may carry "+perm" (search an input-channel
  // permutation before pruning, as apex ASP does). Sets `permute`; nullopt when malformed.
  static std::optional<NMPattern> parse_workload_pattern(std::string_view text, bool& permute);
  friend bool operator==(const NMPattern&, const NMPattern&) = default;
};

// Zeroes all but the n largest-magnitude elements in each group of m consecutive elements of
// each row. Ties keep the lower index. A row's last group, when shorter than m, keeps its
// min(n, length) largest. Throws std::invalid_argument on a NaN (its magnitude has no order).
void prune_nm_by_magnitude(float* A, int rows, int cols, int ld, NMPattern pattern);

// Unstructured magnitude pruning over the whole matrix (one threshold per layer, as in Han et al.
// 2015): zeroes exactly round(fraction · rows · cols) elements, the smallest in magnitude; ties
// zero the higher index first. Throws std::invalid_argument on a NaN or a fraction outside [0, 1].
void prune_unstructured_by_magnitude(float* A, int rows, int cols, int ld, double fraction);

// True when every group holds at most n nonzeros.
bool satisfies_nm(const float* A, int rows, int cols, int ld, NMPattern pattern);

}  // namespace claimbench
