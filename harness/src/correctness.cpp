#include "claimbench/correctness.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

#include "claimbench/reference_gemm.hpp"
#include "claimbench/statistics.hpp"

namespace claimbench {

double fp32_error_bound(int K, double l2, double abs_value) {
  return 8.0 * FLT_EPSILON * std::sqrt(static_cast<double>(std::max(K, 1))) * (l2 + std::fabs(abs_value)) + 1e-30;
}

namespace {

struct Checker {
  const GemmProblem& p;
  std::span<const float> c;
  CorrectnessResult result{true, "", 0, 0.0, ""};

  void check(int i, int j, const ReferenceElement& ref) {
    ++result.checked;
    const double got = c[static_cast<std::size_t>(i) * p.N + j];
    bool ok = true;
    double ratio = 0.0;
    if (std::isnan(ref.value) || std::isnan(got)) {
      ok = std::isnan(ref.value) && std::isnan(got);
    } else if (std::isinf(ref.value) || std::isinf(got)) {
      ok = got == ref.value;
    } else {
      const double bound = fp32_error_bound(p.K, ref.l2, ref.value);
      ratio = std::fabs(got - ref.value) / bound;
      ok = ratio <= 1.0;
    }
    if (!std::isnan(ratio)) result.max_error_ratio = std::max(result.max_error_ratio, ratio);
    if (!ok && result.passed) {
      result.passed = false;
      char buffer[256];
      std::snprintf(buffer, sizeof buffer, "C[%d][%d] = %.9g, oracle %.9g (bound %.3g, K=%d)", i, j, got,
                    ref.value, fp32_error_bound(p.K, ref.l2, ref.value), p.K);
      result.detail = buffer;
    }
  }
};

}  // namespace

CorrectnessResult check_gemm_result(const GemmProblem& p, std::span<const float> c, std::uint64_t seed,
                                    double full_check_limit) {
  Checker checker{p, c};
  if (c.size() != static_cast<std::size_t>(p.M) * p.N) {
    checker.result.passed = false;
    checker.result.mode = "size";
    checker.result.detail = "result holds " + std::to_string(c.size()) + " elements, expected " +
                            std::to_string(static_cast<std::size_t>(p.M) * p.N);
    return checker.result;
  }
  const double volume = static_cast<double>(p.M) * p.N * p.K;
  if (volume <= full_check_limit) {
    checker.result.mode = "full";
    for (int i = 0; i < p.M; ++i)
      for (int j = 0; j < p.N; ++j) checker.check(i, j, reference_element_f64(i, j, p.K, p.A, p.lda, p.B, p.ldb));
    return checker.result;
  }
  checker.result.mode = "sampled";
  Bootstrap rng(seed);  // reused as a portable generator
  std::vector<int> rows{0, p.M - 1}, cols{0, p.N - 1};
  for (int r = 0; r < 2; ++r) rows.push_back(static_cast<int>(rng.next() % p.M));
  for (int r = 0; r < 2; ++r) cols.push_back(static_cast<int>(rng.next() % p.N));
  for (int i : rows)
    for (int j = 0; j < p.N; ++j) checker.check(i, j, reference_element_f64(i, j, p.K, p.A, p.lda, p.B, p.ldb));
  for (int j : cols)
    for (int i = 0; i < p.M; ++i) checker.check(i, j, reference_element_f64(i, j, p.K, p.A, p.lda, p.B, p.ldb));
  for (int s = 0; s < 4096; ++s) {
    const int i = static_cast<int>(rng.next() % p.M), j = static_cast<int>(rng.next() % p.N);
    checker.check(i, j, reference_element_f64(i, j, p.K, p.A, p.lda, p.B, p.ldb));
  }
  return checker.result;
}

}  // namespace claimbench
