// The correctness gate (rule 2): no timing counts unless the output matched the float64
// oracle within a precision-appropriate bound.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "claimbench/implementation.hpp"

namespace claimbench {

struct CorrectnessResult {
  bool passed = false;
  std::string mode;  // full or sampled
  std::int64_t checked = 0;
  double max_error_ratio = 0;  // max |c − ref| / bound
  std::string detail;          // first failing element and values, when failed
};

// Per-element bound for an fp32 result: 8·sqrt(K)·FLT_EPSILON·Σ|a·b| (+ a tiny absolute
// floor). Rounding error of a K-term dot product grows like sqrt(K) in practice; one missing
// or extra term (about Σ|a·b|/K) exceeds it for any K ≥ 4.
double fp32_error_bound(int K, double abs_sum);

// Checks every element when M·N·K ≤ full_check_limit, otherwise a fixed-seed sample: the
// first and last rows and columns, a few random rows and columns and 4096 random elements.
// NaN must match NaN, ±Inf must match the same Inf.
CorrectnessResult check_gemm_result(const GemmProblem& problem, std::span<const float> result,
                                    std::uint64_t seed, double full_check_limit = 1 << 27);

}  // namespace claimbench
