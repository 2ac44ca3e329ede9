// The correctness gate: the oracle's own output passes; one element off, a NaN that should
// not be there, or a wrong size fails; the sampled mode still sees the edges.
#include <functional>
#include <random>
#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <limits>

#include "claimbench/correctness.hpp"
#include "claimbench/reference_gemm.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

std::vector<float> oracle_output(const OwnedProblem& o) {
  std::vector<double> c64(static_cast<std::size_t>(o.M) * o.N);
  reference_gemm_f64(o.M, o.N, o.K, o.A.data(), o.K, o.B.data(), o.N, c64.data(), o.N);
  return std::vector<float>(c64.begin(), c64.end());
}

// Moves element (i, j) to `factor` bounds away from the oracle.
void push_off(const OwnedProblem& o, std::vector<float>& c, int i, int j, double factor) {
  const auto ref = reference_element_f64(i, j, o.K, o.A.data(), o.K, o.B.data(), o.N);
  c[static_cast<std::size_t>(i) * o.N + j] = static_cast<float>(ref.value + factor * fp32_error_bound(o.K, ref.l2, ref.value));
}

}  // namespace

TEST_CASE("the oracle's own output passes the full check", "[correctness]") {
  const auto o = make_owned_problem(9, 11, 37, NMPattern{2, 4}, 3);
  const auto c = oracle_output(o);
  const auto r = check_gemm_result(o.problem(), c, 1);
  CHECK(r.passed);
  CHECK(r.mode == "full");
  CHECK(r.checked == 9 * 11);
  CHECK(r.max_error_ratio < 0.1);  // rounding to float only
  CHECK(r.detail.empty());

  // reference_gemm_f64 and reference_element_f64 agree exactly.
  std::vector<double> c64(static_cast<std::size_t>(o.M) * o.N);
  reference_gemm_f64(o.M, o.N, o.K, o.A.data(), o.K, o.B.data(), o.N, c64.data(), o.N);
  for (int i = 0; i < o.M; ++i)
    for (int j = 0; j < o.N; ++j)
      CHECK(c64[static_cast<std::size_t>(i) * o.N + j] ==
            reference_element_f64(i, j, o.K, o.A.data(), o.K, o.B.data(), o.N).value);
}

TEST_CASE("one element beyond the bound fails, within the bound passes", "[correctness]") {
  const auto o = make_owned_problem(8, 6, 64, NMPattern{}, 4);
  auto c = oracle_output(o);
  push_off(o, c, 3, 4, 0.5);
  auto r = check_gemm_result(o.problem(), c, 1);
  CHECK(r.passed);
  CHECK(r.max_error_ratio == Approx(0.5).margin(0.05));

  push_off(o, c, 5, 2, 3.0);
  r = check_gemm_result(o.problem(), c, 1);
  CHECK_FALSE(r.passed);
  CHECK(r.max_error_ratio == Approx(3.0).margin(0.05));
  CHECK(r.detail.find("C[5][2]") != std::string::npos);
  CHECK(r.checked == 8 * 6);  // keeps going to find the max ratio
}

TEST_CASE("a NaN or Inf where the oracle has a number fails, matching NaN passes", "[correctness]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const auto o = make_owned_problem(5, 7, 12, NMPattern{}, 5);
  auto c = oracle_output(o);
  c[17] = nan;
  auto r = check_gemm_result(o.problem(), c, 1);
  CHECK_FALSE(r.passed);
  CHECK(r.detail.find("C[2][3]") != std::string::npos);

  c = oracle_output(o);
  c[0] = inf;
  CHECK_FALSE(check_gemm_result(o.problem(), c, 1).passed);

  // A NaN in A: the oracle's row is NaN, and only a NaN row matches it.
  auto nan_a = o;
  nan_a.A[static_cast<std::size_t>(1) * o.K + 3] = nan;
  auto cn = oracle_output(nan_a);
  for (int j = 0; j < o.N; ++j) REQUIRE(std::isnan(cn[static_cast<std::size_t>(o.N) + j]));
  CHECK(check_gemm_result(nan_a.problem(), cn, 1).passed);
  cn[static_cast<std::size_t>(o.N) + 2] = 0.0f;
  CHECK_FALSE(check_gemm_result(nan_a.problem(), cn, 1).passed);

  // An Inf in A with B finite and nonzero: ±Inf must match in sign.
  auto inf_a = o;
  inf_a.A[0] = inf;
  auto ci = oracle_output(inf_a);
  CHECK(check_gemm_result(inf_a.problem(), ci, 1).passed);
  for (int j = 0; j < o.N; ++j)
    if (std::isinf(ci[static_cast<std::size_t>(j)])) {
      ci[static_cast<std::size_t>(j)] = -ci[static_cast<std::size_t>(j)];
      break;
    }
  CHECK_FALSE(check_gemm_result(inf_a.problem(), ci, 1).passed);
}

TEST_CASE("a result of the wrong size fails", "[correctness]") {
  const auto o = make_owned_problem(4, 5, 6, NMPattern{}, 6);
  auto c = oracle_output(o);
  c.pop_back();
  auto r = check_gemm_result(o.problem(), c, 1);
  CHECK_FALSE(r.passed);
  CHECK_FALSE(r.detail.empty());
  CHECK(check_gemm_result(o.problem(), std::span<const float>{}, 1).passed == false);
}

TEST_CASE("a result larger than M×N fails too", "[correctness]") {
  // The header promises a check of the M×N output; extra elements mean the implementation
  // returned something else (a padded buffer, the wrong shape) and must not pass silently.
  const auto o = make_owned_problem(4, 5, 6, NMPattern{}, 6);
  auto c = oracle_output(o);
  c.push_back(123.0f);
  CHECK_FALSE(check_gemm_result(o.problem(), c, 1).passed);
}

TEST_CASE("sampled mode above the limit still checks the first row and the last column", "[correctness]") {
  const auto o = make_owned_problem(40, 30, 20, NMPattern{2, 4}, 7);
  const double limit = 1000;  // far below 40·30·20
  auto c = oracle_output(o);
  auto r = check_gemm_result(o.problem(), c, 11, limit);
  CHECK(r.passed);
  CHECK(r.mode == "sampled");
  CHECK(r.checked >= 4 * 30 + 4 * 40 + 4096);
  CHECK(r.checked < 40 * 30 + 4 * 30 + 4 * 40 + 4096 + 1);

  for (int j : {0, 13, 29}) {  // corrupt one element of the first row
    auto bad = c;
    push_off(o, bad, 0, j, 10.0);
    INFO("first row, column " << j);
    CHECK_FALSE(check_gemm_result(o.problem(), bad, 11, limit).passed);
  }
  for (int i : {0, 17, 39}) {  // one element of the last column
    auto bad = c;
    push_off(o, bad, i, 29, 10.0);
    INFO("last column, row " << i);
    CHECK_FALSE(check_gemm_result(o.problem(), bad, 11, limit).passed);
  }
  {  // the last row and the first column too
    auto bad = c;
    push_off(o, bad, 39, 7, 10.0);
    CHECK_FALSE(check_gemm_result(o.problem(), bad, 11, limit).passed);
    bad = c;
    push_off(o, bad, 23, 0, 10.0);
    CHECK_FALSE(check_gemm_result(o.problem(), bad, 11, limit).passed);
  }
  // Same seed, same sample; at the limit itself the full check is used.
  CHECK(check_gemm_result(o.problem(), c, 11, limit).checked == r.checked);
  CHECK(check_gemm_result(o.problem(), c, 11, 40.0 * 30 * 20).mode == "full");
}

TEST_CASE("fp32_error_bound scales with sqrt(K), the products' 2-norm and the sum", "[correctness]") {
  CHECK(fp32_error_bound(100, 1.0, 0.0) == Approx(8.0 * 10.0 * FLT_EPSILON).epsilon(1e-9));
  CHECK(fp32_error_bound(400, 1.0, 0.0) / fp32_error_bound(100, 1.0, 0.0) == Approx(2.0).epsilon(1e-9));
  CHECK(fp32_error_bound(1024, 1.0, 0.0) / fp32_error_bound(16, 1.0, 0.0) == Approx(8.0).epsilon(1e-9));
  CHECK(fp32_error_bound(64, 3.0, 0.0) / fp32_error_bound(64, 1.0, 0.0) == Approx(3.0).epsilon(1e-9));
  CHECK(fp32_error_bound(64, 1.0, -2.0) / fp32_error_bound(64, 1.0, 0.0) == Approx(3.0).epsilon(1e-9));
  CHECK(fp32_error_bound(64, 0.0, 0.0) > 0.0);  // an absolute floor
  CHECK(fp32_error_bound(64, 0.0, 0.0) < 1e-20);
}

namespace {

// A 1×1 product of length K; `sign` gives each product's sign. Returns whether dropping the
// product at `drop` still passes the gate.
bool dropped_term_passes(int K, const std::function<float(int)>& sign, int drop) {
  GemmProblem p;
  std::vector<float> a(static_cast<std::size_t>(K)), b(static_cast<std::size_t>(K), 1.0f);
  for (int k = 0; k < K; ++k) a[k] = sign(k);
  p.M = 1;
  p.N = 1;
  p.K = K;
  p.A = a.data();
  p.lda = K;
  p.B = b.data();
  p.ldb = 1;
  double sum = 0.0;
  for (int k = 0; k < K; ++k)
    if (k != drop) sum += a[k];
  const std::vector<float> result{static_cast<float>(sum)};
  return check_gemm_result(p, result, 1).passed;
}

}  // namespace

TEST_CASE("one dropped product is caught in the documented range", "[correctness]") {
  // correctness.hpp: products of random sign up to K ≈ 500,000; all of one sign up to ≈ 10,000.
  std::mt19937 rng(3);
  std::vector<float> signs(600000);
  for (auto& v : signs) v = rng() % 2 ? 1.0f : -1.0f;
  for (const int K : {4, 16, 1024, 4096, 11008, 28672, 131072, 500000}) {
    INFO("random signs, K = " << K);
    CHECK_FALSE(dropped_term_passes(K, [&](int k) { return signs[k]; }, K / 2));
  }
  for (const int K : {4, 16, 256, 1024, 4096, 8192}) {
    INFO("one sign, K = " << K);
    CHECK_FALSE(dropped_term_passes(K, [](int) { return 1.0f; }, 0));
  }
  // The documented limit: above it, a dropped same-sign product hides inside the bound.
  CHECK(dropped_term_passes(28672, [](int) { return 1.0f; }, 0));
}
