// Own SGEMM: every compiled variant that the CPU supports against the float64 oracle.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "claimbench/reference_gemm.hpp"
#include "dense/own_sgemm.hpp"
#include "dense/own_sgemv.hpp"
#include "kernel_test_support.hpp"

using claimbench::dense::own_sgemm_variants;
using claimbench::dense::SgemmVariant;
using claimbench::test::check_gemm;
using claimbench::test::random_matrix;

namespace {

struct Shape {
  int M, N, K;
};

// Odd sizes, 1s, and sizes crossing every block boundary of every variant
// (MC = 144..192 rows, KC = 128..256, NC = 1008..1024 columns, MR/NR edge tiles).
const Shape kShapes[] = {{1, 1, 1},     {17, 33, 5},   {1, 300, 7},    {129, 65, 257},
                         {300, 1, 40},  {7, 1, 1},     {1, 1, 600},    {13, 97, 129},
                         {64, 64, 64},  {385, 70, 513}, {37, 1030, 131}, {6, 64, 128},
                         {12, 32, 256}, {203, 49, 300}};

// Runs the variant with padded leading dimensions and checks C and that the padding of C
// (beyond column N) is untouched.
void check_variant(const SgemmVariant& v, const Shape& s, int threads, unsigned seed) {
  const int lda = s.K + 3, ldb = s.N + 5, ldc = s.N + 7;
  auto A = random_matrix(s.M, s.K, lda, seed);
  auto B = random_matrix(s.K, s.N, ldb, seed + 1);
  std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, 12345.0f);
  v.run(s.M, s.N, s.K, A.data(), lda, B.data(), ldb, C.data(), ldc, threads);
  INFO(v.name << " M=" << s.M << " N=" << s.N << " K=" << s.K << " threads=" << threads);
  CHECK(check_gemm(s.M, s.N, s.K, A.data(), lda, B.data(), ldb, C.data(), ldc) == "");
  bool pad_intact = true;
  for (int i = 0; i < s.M; ++i)
    for (int j = s.N; j < ldc; ++j)
      pad_intact = pad_intact && C[static_cast<std::size_t>(i) * ldc + j] == 12345.0f;
  CHECK(pad_intact);
}

}  // namespace

TEST_CASE("own sgemm: variant list is sane", "[own_sgemm]") {
  const auto variants = own_sgemm_variants();
  REQUIRE(!variants.empty());
  CHECK(std::string(variants.back().isa) == "scalar");
  CHECK(variants.back().available());
  const SgemmVariant& best = claimbench::dense::best_own_sgemm_variant();
  CHECK(best.available());
  for (const SgemmVariant& v : variants) {
    INFO(v.name);
    CHECK(std::string(v.name).find(v.isa) != std::string::npos);
  }
}

TEST_CASE("own sgemm: every variant matches the oracle", "[own_sgemm]") {
  for (const SgemmVariant& v : own_sgemm_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": not supported by this CPU");
      continue;
    }
    unsigned seed = 100;
    for (const Shape& s : kShapes)
      for (int threads : {1, 2}) check_variant(v, s, threads, seed++);
  }
}

TEST_CASE("own sgemm: K-blocked accumulation overwrites C (beta = 0)", "[own_sgemm]") {
  for (const SgemmVariant& v : own_sgemm_variants()) {
    if (!v.available()) continue;
    const int M = 20, N = 70, K = 600;
    auto A = random_matrix(M, K, K, 7);
    auto B = random_matrix(K, N, N, 8);
    std::vector<float> C(static_cast<std::size_t>(M) * N, std::numeric_limits<float>::quiet_NaN());
    v.run(M, N, K, A.data(), K, B.data(), N, C.data(), N, 1);
    INFO(v.name);
    CHECK(check_gemm(M, N, K, A.data(), K, B.data(), N, C.data(), N) == "");
  }
}

TEST_CASE("own sgemm: NaN in row i of A makes exactly row i of C NaN", "[own_sgemm]") {
  for (const SgemmVariant& v : own_sgemm_variants()) {
    if (!v.available()) continue;
    for (int threads : {1, 2}) {
      const int M = 29, N = 75, K = 300, bad = 13;
      auto A = random_matrix(M, K, K, 11);
      auto B = random_matrix(K, N, N, 12);
      A[static_cast<std::size_t>(bad) * K + 277] = std::numeric_limits<float>::quiet_NaN();
      std::vector<float> C(static_cast<std::size_t>(M) * N);
      v.run(M, N, K, A.data(), K, B.data(), N, C.data(), N, threads);
      INFO(v.name << " threads=" << threads);
      int nan_in_bad = 0, nan_elsewhere = 0;
      for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
          const bool isnan = std::isnan(C[static_cast<std::size_t>(i) * N + j]);
          if (i == bad) nan_in_bad += isnan;
          else nan_elsewhere += isnan;
        }
      CHECK(nan_in_bad == N);
      CHECK(nan_elsewhere == 0);
      CHECK(check_gemm(M, N, K, A.data(), K, B.data(), N, C.data(), N) == "");
    }
  }
}

TEST_CASE("own sgemm: large magnitudes stay within the relative bound", "[own_sgemm]") {
  for (const SgemmVariant& v : own_sgemm_variants()) {
    if (!v.available()) continue;
    const int M = 19, N = 67, K = 150;
    auto A = random_matrix(M, K, K, 21, -1e18f, 1e18f);
    auto B = random_matrix(K, N, N, 22, -1e18f, 1e18f);  // products up to 1e36, sums < 2e38
    std::vector<float> C(static_cast<std::size_t>(M) * N);
    v.run(M, N, K, A.data(), K, B.data(), N, C.data(), N, 2);
    INFO(v.name);
    CHECK(check_gemm(M, N, K, A.data(), K, B.data(), N, C.data(), N) == "");
  }
}

TEST_CASE("own sgemm: Inf follows IEEE rules like the oracle", "[own_sgemm]") {
  // +Inf in A(i, k) with a positive B row k gives +Inf across row i; with a zero in B(k, j)
  // it gives NaN at column j (Inf·0), exactly as in the oracle.
  for (const SgemmVariant& v : own_sgemm_variants()) {
    if (!v.available()) continue;
    const int M = 9, N = 40, K = 33, bad = 4, k = 20, zero_col = 17;
    auto A = random_matrix(M, K, K, 31, 0.5f, 1.0f);
    auto B = random_matrix(K, N, N, 32, 0.5f, 1.0f);
    A[static_cast<std::size_t>(bad) * K + k] = std::numeric_limits<float>::infinity();
    B[static_cast<std::size_t>(k) * N + zero_col] = 0.0f;
    std::vector<float> C(static_cast<std::size_t>(M) * N);
    v.run(M, N, K, A.data(), K, B.data(), N, C.data(), N, 1);
    INFO(v.name);
    CHECK(std::isnan(C[static_cast<std::size_t>(bad) * N + zero_col]));
    CHECK(C[static_cast<std::size_t>(bad) * N + 0] == std::numeric_limits<float>::infinity());
    CHECK(check_gemm(M, N, K, A.data(), K, B.data(), N, C.data(), N) == "");
  }
}

TEST_CASE("own sgemm: weights packed once give the same product as packing per call", "[own_sgemm]") {
  for (const SgemmVariant& v : own_sgemm_variants()) {
    if (!v.available()) continue;
    unsigned seed = 500;
    for (const Shape& s : kShapes)
      for (int threads : {1, 2}) {
        auto A = random_matrix(s.M, s.K, s.K, seed++);
        auto B = random_matrix(s.K, s.N, s.N, seed++);
        claimbench::dense::PackedWeights packed;
        v.pack_weights(s.M, s.K, A.data(), s.K, packed);
        CHECK(packed.panels.size() % static_cast<std::size_t>(v.mr) == 0);
        std::vector<float> C(static_cast<std::size_t>(s.M) * s.N, std::numeric_limits<float>::quiet_NaN());
        v.run_packed(packed, s.N, B.data(), s.N, C.data(), s.N, threads);
        INFO(v.name << " " << s.M << "x" << s.N << "x" << s.K << " threads=" << threads);
        CHECK(check_gemm(s.M, s.N, s.K, A.data(), s.K, B.data(), s.N, C.data(), s.N) == "");
      }
  }
}

TEST_CASE("own few-column kernel (dense decode baseline) matches the oracle", "[own_sgemm]") {
  if (!claimbench::dense::few_column_available()) {
    WARN("skipping the few-column kernel: this CPU lacks AVX-512F");
    return;
  }
  // Column counts inside one 8-column chunk, across chunks, and a ragged last one; rows not a
  // multiple of 16; K of 1 and odd K; padded leading dimensions (C's padding stays untouched).
  const Shape shapes[] = {{1, 1, 1}, {37, 1, 19}, {16, 8, 64}, {33, 9, 5}, {100, 32, 130}, {5, 11, 1}};
  unsigned seed = 500;
  for (const Shape& s : shapes)
    for (int threads : {1, 2}) {
      const int lda = s.K + 3, ldb = s.N + 5, ldc = s.N + 7;
      auto A = random_matrix(s.M, s.K, lda, seed++);
      auto B = random_matrix(s.K, s.N, ldb, seed++);
      std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, 12345.0f);
      const auto w = claimbench::dense::pack_few_column_weights(A.data(), s.M, s.K, lda);
      claimbench::dense::few_column_gemm(w, B.data(), ldb, s.N, C.data(), ldc, threads);
      INFO("M=" << s.M << " N=" << s.N << " K=" << s.K << " threads=" << threads);
      CHECK(check_gemm(s.M, s.N, s.K, A.data(), lda, B.data(), ldb, C.data(), ldc) == "");
      bool pad_intact = true;
      for (int i = 0; i < s.M; ++i)
        for (int j = s.N; j < ldc; ++j) pad_intact = pad_intact && C[static_cast<std::size_t>(i) * ldc + j] == 12345.0f;
      CHECK(pad_intact);
    }
}
