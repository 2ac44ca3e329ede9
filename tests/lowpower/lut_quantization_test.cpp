// Binary-coding quantization: fp16 conversion, uniform round trip within the grid bound,
// alternating BCQ error falling with bits, bad arguments, and the packed layout agreeing with
// the logical one.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "kernel_test_support.hpp"
#include "lut/bcq_quantization.hpp"
#include "common/half_float.hpp"
#include "lut/lut_gemm.hpp"

using namespace claimbench::lut;
using namespace claimbench::fp16;
using claimbench::test::random_matrix;

namespace {
double rms_error(const std::vector<float>& a, const std::vector<float>& b) {
  double e = 0, n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) e += (a[i] - b[i]) * double(a[i] - b[i]), n += double(a[i]) * a[i];
  return std::sqrt(e / n);
}
}  // namespace

TEST_CASE("fp16 conversion: every half survives the round trip; floats round to nearest even") {
  for (uint32_t h = 0; h < 65536; ++h) {
    const float f = half_to_float(static_cast<uint16_t>(h));
    if (std::isnan(f)) continue;
    REQUIRE(float_to_half(f) == h);
  }
  CHECK(half_to_float(float_to_half(1.0f + 1.0f / 4096)) == 1.0f);            // below half an ulp
  CHECK(half_to_float(float_to_half(1.0f + 1.0f / 2048)) == 1.0f);            // tie to even
  CHECK(half_to_float(float_to_half(1.0f + 3.0f / 2048)) == 1.0f + 2.0f / 1024);  // tie to even, up
  CHECK(half_to_float(float_to_half(65520.0f)) == INFINITY);
  CHECK(half_to_float(float_to_half(std::ldexp(1.0f, -24))) == std::ldexp(1.0f, -24));  // smallest subnormal
  CHECK(float_to_half(std::ldexp(1.0f, -25)) == 0);                                    // tie to even: zero
}

TEST_CASE("uniform BCQ: every weight within half a grid step (plus fp16 rounding) of its group's grid") {
  for (int bits = 1; bits <= 4; ++bits)
    for (int K : {1, 31, 128, 200, 300}) {
      const int M = 7, lda = K + 3;
      auto A = random_matrix(M, K, lda, 100 + bits * 10 + K, -2.0f, 3.0f);
      const BcqWeights q = quantize_bcq(A.data(), M, K, lda, bits, 128, BcqMethod::uniform);
      const auto W = dequantize_bcq(q);
      for (int m = 0; m < M; ++m)
        for (int g = 0; g < q.groups(); ++g) {
          float lo = INFINITY, hi = -INFINITY;
          for (int k = g * 128; k < std::min(K, (g + 1) * 128); ++k)
            lo = std::min(lo, A[m * lda + k]), hi = std::max(hi, A[m * lda + k]);
          const double bound = uniform_bcq_error_bound(lo, hi, bits);
          for (int k = g * 128; k < std::min(K, (g + 1) * 128); ++k) {
            INFO("bits " << bits << " K " << K << " m " << m << " k " << k);
            REQUIRE(std::fabs(W[m * K + k] - A[m * lda + k]) <= bound);
          }
        }
    }
}

TEST_CASE("uniform BCQ of values already on a q-bit grid is exact") {
  const int M = 3, K = 64;
  std::vector<float> A(M * K);
  for (int i = 0; i < M * K; ++i) A[i] = 0.25f * static_cast<float>(i % 16) - 1.0f;  // 16 levels, step 0.25
  const auto W = dequantize_bcq(quantize_bcq(A.data(), M, K, K, 4, 32, BcqMethod::uniform));
  for (int i = 0; i < M * K; ++i) REQUIRE(W[i] == A[i]);
}

TEST_CASE("quantization error falls with bits, for both methods; alternating beats greedy signs at 1 bit") {
  const int M = 16, K = 256;
  auto A = random_matrix(M, K, K, 7);
  for (auto method : {BcqMethod::uniform, BcqMethod::alternating}) {
    double previous = INFINITY;
    for (int bits = 1; bits <= 4; ++bits) {
      const double e = rms_error(A, dequantize_bcq(quantize_bcq(A.data(), M, K, K, bits, 128, method)));
      INFO(to_string(method) << " bits " << bits << " rms " << e);
      CHECK(e < previous);
      previous = e;
    }
    CHECK(previous < 0.08);  // 4 bits, uniform values: about 1/30 of the range per step
  }
  // 1-bit BCQ is sign·mean|w| at best (Rastegari et al.): for uniform [-1,1] values the relative
  // RMS error of that optimum is sqrt(1 - 3/4) = 0.5.
  const double e1 = rms_error(A, dequantize_bcq(quantize_bcq(A.data(), M, K, K, 1, 128, BcqMethod::alternating)));
  CHECK(e1 == Approx(0.5).margin(0.05));
}

TEST_CASE("bad quantization arguments are refused with a reason") {
  std::vector<float> A(64, 1.0f);
  CHECK_THROWS_WITH(quantize_bcq(A.data(), 1, 64, 64, 0, 128, BcqMethod::uniform), Catch::Contains("bits must be 1..4"));
  CHECK_THROWS_WITH(quantize_bcq(A.data(), 1, 64, 64, 5, 128, BcqMethod::uniform), Catch::Contains("bits must be 1..4"));
  CHECK_THROWS_WITH(quantize_bcq(A.data(), 1, 64, 64, 2, 12, BcqMethod::uniform), Catch::Contains("multiple of 8"));
  A[5] = NAN;
  CHECK_THROWS_WITH(quantize_bcq(A.data(), 1, 64, 64, 2, 32, BcqMethod::uniform), Catch::Contains("A[0][5]"));
  A[5] = 1e6f;
  CHECK_THROWS_WITH(quantize_bcq(A.data(), 1, 64, 64, 2, 32, BcqMethod::uniform), Catch::Contains("fp16"));
  std::vector<float> B(64, 1.0f);
  const auto q = quantize_bcq(B.data(), 1, 64, 64, 2, 40, BcqMethod::uniform);
  CHECK_THROWS_WITH(pack_lut_weights(q), Catch::Contains("multiple of 32"));
}

TEST_CASE("a constant group quantizes exactly (zero scale, offset carries the value)") {
  std::vector<float> A(128, 0.375f);
  const auto W = dequantize_bcq(quantize_bcq(A.data(), 1, 128, 128, 3, 128, BcqMethod::uniform));
  for (float w : W) REQUIRE(w == 0.375f);
}

TEST_CASE("the dequantize-then-GEMM expansion of packed weights equals the logical dequantization") {
  for (int bits = 1; bits <= 4; ++bits)
    for (auto [M, K] : {std::pair{1, 1}, {17, 33}, {40, 300}, {16, 256}, {5, 1000}}) {
      auto A = random_matrix(M, K, K, 3 + bits * M + K);
      const BcqWeights q = quantize_bcq(A.data(), M, K, K, bits, 128, BcqMethod::uniform);
      const auto expected = dequantize_bcq(q);
      const LutWeights w = pack_lut_weights(q);
      std::vector<float> got(static_cast<std::size_t>(M) * (K + 5), NAN);
      dequantize_lut_weights(w, got.data(), K + 5, 2);
      for (int m = 0; m < M; ++m)
        for (int k = 0; k < K; ++k) {
          INFO("bits " << bits << " M " << M << " K " << K << " at " << m << "," << k);
          REQUIRE(got[m * (K + 5) + k] == expected[m * K + k]);
        }
      CHECK(w.bytes() >= static_cast<std::size_t>(M) * K * bits / 8);
    }
}
