// The AVX512-FP16 GEMM against the float64 oracle on the fp16-rounded operands, within the
// bound its adapter declares: 8·sqrt(K)·2^-10·Σ|a·b| (fp16 accumulation); edge shapes cross
// the 6-row and 64-column tiles and the 256-k accumulation blocks. Skipped without AVX512-FP16.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "claimbench/reference_gemm.hpp"
#include "common/half_float.hpp"
#include "dense/own_hgemm.hpp"
#include "kernel_test_support.hpp"

using namespace claimbench;
using claimbench::test::random_matrix;

TEST_CASE("fp16 GEMM matches the oracle on fp16 operands within the fp16-accumulation bound") {
  const auto* v = dense::best_own_hgemm_variant();
  if (v == nullptr) {
    WARN("skipped: this CPU lacks AVX512-FP16");
    return;
  }
  struct Shape { int M, N, K; };
  for (const Shape s : {Shape{1, 1, 1}, {5, 1, 13}, {6, 64, 256}, {7, 65, 257}, {13, 130, 300}, {64, 32, 1024},
                        {1, 200, 600}, {100, 3, 33}})
    for (int threads : {1, 2}) {
      const int ldb = s.N + 3, ldc = s.N + 1;
      auto A = random_matrix(s.M, s.K, s.K, 3 * s.M + s.K);
      auto B = random_matrix(s.K, s.N, ldb, 7 * s.N + s.K);
      std::vector<uint16_t> a(A.size()), b(B.size(), 0);
      for (std::size_t i = 0; i < A.size(); ++i) a[i] = fp16::float_to_half(A[i]), A[i] = fp16::half_to_float(a[i]);
      for (int k = 0; k < s.K; ++k)
        for (int j = 0; j < s.N; ++j) {
          const std::size_t at = static_cast<std::size_t>(k) * ldb + j;
          b[at] = fp16::float_to_half(B[at]), B[at] = fp16::half_to_float(b[at]);
        }
      std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, -3.0f);
      v->run(a.data(), s.K, b.data(), ldb, C.data(), ldc, s.M, s.N, s.K, threads);
      double worst = 0;
      for (int i = 0; i < s.M; ++i) {
        for (int j = 0; j < s.N; ++j) {
          const auto ref = reference_element_f64(i, j, s.K, A.data(), s.K, B.data(), ldb);
          const double bound = 8.0 * std::sqrt(double(s.K)) * std::ldexp(1.0, -10) * ref.abs_sum + 1e-30;
          const double err = std::fabs(C[static_cast<std::size_t>(i) * ldc + j] - ref.value);
          worst = std::max(worst, err / bound);
          INFO(v->name << " M " << s.M << " N " << s.N << " K " << s.K << " threads " << threads << " at " << i << "," << j);
          REQUIRE(err <= bound);
        }
        REQUIRE(C[static_cast<std::size_t>(i) * ldc + s.N] == -3.0f);  // padding column untouched
      }
      INFO("worst error / bound " << worst);
      CHECK(worst < 1.0);
    }
}

TEST_CASE("fp16 accumulation is measurably less exact than fp32 (the declared epsilon is not decoration)") {
  const auto* v = dense::best_own_hgemm_variant();
  if (v == nullptr) {
    WARN("skipped: this CPU lacks AVX512-FP16");
    return;
  }
  // 1 followed by 255 products of 2^-11: exact sum 1 + 255·2^-11 (fp32 holds it); in fp16
  // every 1 + 2^-11 is a tie that rounds back to 1, so the fp16 sum stays at 1.
  const int K = 256;
  std::vector<uint16_t> a(K, fp16::float_to_half(std::ldexp(1.0f, -11))), b(K, fp16::float_to_half(1.0f));
  a[0] = fp16::float_to_half(1.0f);
  float c = 0;
  v->run(a.data(), K, b.data(), 1, &c, 1, 1, 1, K, 1);
  const double exact = 1.0 + 255 * std::ldexp(1.0, -11);
  CHECK(c == 1.0f);
  CHECK(std::fabs(c - exact) <= 8.0 * 16 * std::ldexp(1.0, -10) * exact);
}
