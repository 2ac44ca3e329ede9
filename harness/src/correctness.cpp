#include "claimbench/correctness.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "claimbench/reference_gemm.hpp"
#include "claimbench/statistics.hpp"

namespace claimbench {

double accumulation_error_bound(int K, double l2, double abs_value, double epsilon) {
  return 8.0 * epsilon * std::sqrt(static_cast<double>(std::max(K, 1))) * (l2 + std::fabs(abs_value)) + 1e-30;
}

double fp32_error_bound(int K, double l2, double abs_value) {
  return accumulation_error_bound(K, l2, abs_value, FLT_EPSILON);
}

namespace {

// Calls visit(i, j, oracle element) for every element the gate looks at: all of them when
// M·N·K ≤ full_check_limit, else a fixed-seed sample (first and last rows and columns, two
// random rows and columns, 4096 random elements). Returns "full" or "sampled".
template <typename Visit>
std::string for_checked_elements(const GemmProblem& p, std::uint64_t seed, double full_check_limit, Visit visit) {
  auto element = [&](int i, int j) { visit(i, j, reference_element_f64(i, j, p.K, p.A, p.lda, p.B, p.ldb)); };
  const double volume = static_cast<double>(p.M) * p.N * p.K;
  if (volume <= full_check_limit) {
    for (int i = 0; i < p.M; ++i)
      for (int j = 0; j < p.N; ++j) element(i, j);
    return "full";
  }
  Bootstrap rng(seed);  // reused as a portable generator
  std::vector<int> rows{0, p.M - 1}, cols{0, p.N - 1};
  for (int r = 0; r < 2; ++r) rows.push_back(static_cast<int>(rng.next() % p.M));
  for (int r = 0; r < 2; ++r) cols.push_back(static_cast<int>(rng.next() % p.N));
  for (int i : rows)
    for (int j = 0; j < p.N; ++j) element(i, j);
  for (int j : cols)
    for (int i = 0; i < p.M; ++i) element(i, j);
  for (int s = 0; s < 4096; ++s) {
    const int i = static_cast<int>(rng.next() % p.M), j = static_cast<int>(rng.next() % p.N);
    element(i, j);
  }
  return "sampled";
}

struct Checker {
  const GemmProblem& p;
  std::span<const float> c;
  double epsilon;
  CorrectnessResult result{true, "", 0, 0.0, ""};

  void check(int i, int j, const ReferenceElement& ref) {
    ++result.checked;
    const double got = c[static_cast<std::size_t>(i) * p.N + j];
    bool ok = true;
    double ratio = 0.0;
    const double bound = accumulation_error_bound(p.K, ref.l2, ref.value, epsilon);
    if (std::isnan(ref.value) || std::isnan(got)) {
      ok = std::isnan(ref.value) && std::isnan(got);
    } else if (std::isinf(ref.value) || std::isinf(got)) {
      ok = got == ref.value;
    } else {
      ratio = std::fabs(got - ref.value) / bound;
      ok = ratio <= 1.0;
    }
    if (!std::isnan(ratio)) result.max_error_ratio = std::max(result.max_error_ratio, ratio);
    if (!ok && result.passed) {
      result.passed = false;
      char buffer[256];
      std::snprintf(buffer, sizeof buffer, "C[%d][%d] = %.9g, oracle %.9g (bound %.3g, K=%d)", i, j, got,
                    ref.value, bound, p.K);
      result.detail = buffer;
    }
  }
};

}  // namespace

CorrectnessResult check_gemm_result(const GemmProblem& p, std::span<const float> c, std::uint64_t seed,
                                    double full_check_limit, double epsilon) {
  Checker checker{p, c, epsilon};
  if (c.size() != static_cast<std::size_t>(p.M) * p.N) {
    checker.result.passed = false;
    checker.result.mode = "size";
    checker.result.detail = "result holds " + std::to_string(c.size()) + " elements, expected " +
                            std::to_string(static_cast<std::size_t>(p.M) * p.N);
    return checker.result;
  }
  checker.result.mode = for_checked_elements(
      p, seed, full_check_limit, [&](int i, int j, const ReferenceElement& ref) { checker.check(i, j, ref); });
  return checker.result;
}

double relative_rms_error(const GemmProblem& p, std::span<const float> c, std::uint64_t seed,
                          double full_check_limit) {
  if (c.size() != static_cast<std::size_t>(p.M) * p.N) return std::numeric_limits<double>::quiet_NaN();
  double error = 0.0, reference = 0.0;
  for_checked_elements(p, seed, full_check_limit, [&](int i, int j, const ReferenceElement& ref) {
    const double d = c[static_cast<std::size_t>(i) * p.N + j] - ref.value;
    error += d * d;
    reference += ref.value * ref.value;
  });
  return reference > 0 ? std::sqrt(error / reference) : std::sqrt(error);
}

}  // namespace claimbench
