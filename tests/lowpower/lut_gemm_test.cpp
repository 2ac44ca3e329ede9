// Every LUT-GEMM variant this CPU runs, at 1..4 bits, against the float64 oracle on the
// dequantized weights it stands for (the bound of kernel_test_support: 8·sqrt(K)·ε·Σ|a·b|);
// edge shapes cross the 16/32-row tiles, 32-k quads, 128-k groups and the 4-token tiles.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "kernel_test_support.hpp"
#include "lut/bcq_quantization.hpp"
#include "lut/lut_gemm.hpp"
#include "lut/uniform_codes.hpp"

using namespace claimbench::lut;
using claimbench::test::check_gemm;
using claimbench::test::random_matrix;

namespace {
struct Shape {
  int M, N, K;
};
const Shape kShapes[] = {{1, 1, 1},   {15, 1, 31},  {16, 1, 32},  {17, 3, 33},   {33, 5, 129},
                         {31, 7, 255}, {48, 16, 384}, {64, 1, 1000}, {100, 9, 130}, {5, 17, 64}};
}  // namespace

TEST_CASE("LUT-GEMM variants match the oracle on the dequantized weights") {
  int ran = 0;
  for (const auto& v : lut_gemm_variants()) {
    if (!v.available()) {
      WARN(std::string(v.name) + " skipped: this CPU lacks " + v.isa);
      continue;
    }
    for (int bits = 1; bits <= 4; ++bits)
      for (const auto& s : kShapes)
        for (int threads : {1, 2})
          for (auto method : {BcqMethod::uniform, BcqMethod::alternating}) {
            const int ldx = s.N + 2, ldc = s.N + 1;
            auto A = random_matrix(s.M, s.K, s.K, 11 * s.M + s.K + bits);
            auto X = random_matrix(s.K, s.N, ldx, 5 * s.N + s.K);
            const BcqWeights q = quantize_bcq(A.data(), s.M, s.K, s.K, bits, 128, method);
            const auto W = dequantize_bcq(q);
            const LutWeights packed = pack_lut_weights(q);
            std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, -7.0f);
            v.run(packed, X.data(), ldx, s.N, C.data(), ldc, threads);
            INFO(v.name << " bits " << bits << " " << to_string(method) << " M " << s.M << " N " << s.N << " K " << s.K
                        << " threads " << threads);
            REQUIRE(check_gemm(s.M, s.N, s.K, W.data(), s.K, X.data(), ldx, C.data(), ldc) == "");
            for (int m = 0; m < s.M; ++m) REQUIRE(C[static_cast<std::size_t>(m) * ldc + s.N] == -7.0f);  // padding untouched
            ++ran;
          }
  }
  CHECK(ran > 0);
}

TEST_CASE("the fused dequantize-and-multiply baseline matches the oracle on the dequantized weights") {
  if (!cpu_has_avx512_lut()) {
    WARN("skipped: the fused kernel needs AVX-512");
    return;
  }
  for (int bits = 1; bits <= 4; ++bits)
    for (const auto& s : kShapes)
      for (int threads : {1, 2}) {
        const int ldx = s.N + 1, ldc = s.N + 2;
        auto A = random_matrix(s.M, s.K, s.K, 13 * s.M + s.K + bits);
        auto X = random_matrix(s.K, s.N, ldx, 3 * s.N + s.K);
        const BcqWeights q = quantize_bcq(A.data(), s.M, s.K, s.K, bits, 128, BcqMethod::uniform);
        const UniformCodes u = to_uniform_codes(q);
        const auto W = dequantize_uniform_codes(u);
        // The integer-code form is the same grid as the BCQ form, up to one fp32 rounding.
        const auto Wb = dequantize_bcq(q);
        for (std::size_t i = 0; i < W.size(); ++i)
          REQUIRE(std::fabs(W[i] - Wb[i]) <= 4e-7 * (std::fabs(Wb[i]) + u.step[0] * 16 + 1e-3));
        std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, -5.0f);
        dequant_fused_gemm(u, X.data(), ldx, s.N, C.data(), ldc, threads);
        INFO("bits " << bits << " M " << s.M << " N " << s.N << " K " << s.K << " threads " << threads);
        REQUIRE(check_gemm(s.M, s.N, s.K, W.data(), s.K, X.data(), ldx, C.data(), ldc) == "");
        for (int m = 0; m < s.M; ++m) REQUIRE(C[static_cast<std::size_t>(m) * ldc + s.N] == -5.0f);
      }
}

TEST_CASE("integer codes need uniform weights and groups of 32") {
  std::vector<float> A(64, 0.5f);
  CHECK_THROWS_WITH(to_uniform_codes(quantize_bcq(A.data(), 1, 64, 64, 2, 64, BcqMethod::alternating)),
                    Catch::Contains("uniform"));
  CHECK_THROWS_WITH(to_uniform_codes(quantize_bcq(A.data(), 1, 64, 64, 2, 40, BcqMethod::uniform)),
                    Catch::Contains("multiple of 32"));
}

TEST_CASE("LUT-GEMM with group 32 and 256, and the quantization error against fp32 weights") {
  const int M = 64, N = 2, K = 512;
  auto A = random_matrix(M, K, K, 91);
  auto X = random_matrix(K, N, N, 92);
  const auto* v = best_lut_gemm_variant();
  for (int group : {32, 256}) {
    const BcqWeights q = quantize_bcq(A.data(), M, K, K, 4, group, BcqMethod::uniform);
    const auto W = dequantize_bcq(q);
    std::vector<float> C(M * N);
    v->run(pack_lut_weights(q), X.data(), N, N, C.data(), N, 1);
    REQUIRE(check_gemm(M, N, K, W.data(), K, X.data(), N, C.data(), N) == "");
  }
}

TEST_CASE("the best variant is the widest this CPU runs, and lookups are counted from the padded shape") {
  const auto* best = best_lut_gemm_variant();
  REQUIRE(best != nullptr);
  if (cpu_has_avx512_lut()) CHECK(std::string(best->isa) == "avx512");
  std::vector<float> A(17 * 33, 0.5f);
  const LutWeights w = pack_lut_weights(quantize_bcq(A.data(), 17, 33, 33, 3, 128, BcqMethod::uniform));
  CHECK(w.blocks == 2);
  CHECK(w.quads == 2);
  CHECK(lut_lookups(w, 5, 4) == 32.0 * (64 / 4) * 3 * 5);
  CHECK(find_lut_gemm_variant("lut.gemm.r1.mu8.scalar") != nullptr);
  CHECK(find_lut_gemm_variant("nope") == nullptr);
}
