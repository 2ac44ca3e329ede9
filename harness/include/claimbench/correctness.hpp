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

// Per-element bound for an fp32 result: 8·FLT_EPSILON·sqrt(K)·(‖p‖₂ + |Σp|) (+ a tiny
// absolute floor), p the K products a_ik·b_kj. Float accumulation error behaves like a random
// walk over the partial sums: about ε·sqrt(K)·‖p‖₂ when the products have random signs, about
// ε·sqrt(K)·|Σp| when they share a sign; the factor 8 leaves a wide margin over both.
// What it catches: one dropped or extra product of typical size (‖p‖₂/sqrt(K)) for products
// of random sign up to K ≈ 500,000; when all products share a sign, up to K ≈ 10,000 only.
double fp32_error_bound(int K, double l2, double abs_value);
// The same bound for an accumulator with relative rounding unit `epsilon`.
double accumulation_error_bound(int K, double l2, double abs_value, double epsilon);

// Checks every element when M·N·K ≤ full_check_limit, otherwise a fixed-seed sample: the
// first and last rows and columns, a few random rows and columns and 4096 random elements.
// NaN must match NaN, ±Inf must match the same Inf.
CorrectnessResult check_gemm_result(const GemmProblem& problem, std::span<const float> result,
                                    std::uint64_t seed, double full_check_limit = 1 << 27,
                                    double epsilon = 1.1920928955078125e-07);

// Relative RMS deviation of `result` from the oracle on the problem's own (fp32) operands,
// over the same element set the gate uses: sqrt(Σ(c−ref)²/Σref²). For a low-precision kernel
// this is the numerical cost of its rounding; for an fp32 kernel it is rounding noise.
double relative_rms_error(const GemmProblem& problem, std::span<const float> result, std::uint64_t seed,
                          double full_check_limit = 1 << 27);

}  // namespace claimbench
