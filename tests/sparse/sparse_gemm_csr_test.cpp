// CSR sparse × dense GEMM: every variant against the float64 oracle on the zero-filled matrix,
// at edge sizes (M = 1, N = 1, N not a multiple of any vector width, K tails crossing the
// k-blocks, empty rows, an all-zero matrix), one and two threads; selection by density; NaN
// semantics.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "kernel_test_support.hpp"
#include "sparse/csr_matrix.hpp"
#include "sparse/sparse_gemm_csr.hpp"
#include "sparse_test_support.hpp"

using namespace claimbench::sparse;
using claimbench::test::check_gemm;
using claimbench::test::prune_random;
using claimbench::test::random_matrix;

namespace {

struct Case {
  int M, N, K;
  double sparsity;
};
const Case kCases[] = {{1, 1, 1, 0.0},     {1, 37, 9, 0.5},     {5, 1, 13, 0.3},     {17, 33, 5, 0.9},
                       {33, 200, 130, 0.7}, {130, 70, 300, 0.95}, {7, 385, 67, 0.5},   {4, 64, 4, 0.0},
                       {6, 32, 257, 0.8},  {2, 129, 513, 0.9},  {1, 300, 1100, 0.6}, {61, 96, 83, 1.0},
                       {9, 17, 600, 0.99},  {200, 20, 150, 0.8}, {300, 16, 64, 0.5}};  // row groups split between threads

}  // namespace

TEST_CASE("csr gemm: variant list and names", "[csr_gemm]") {
  CHECK(best_csr_variant().available());
  CHECK(find_csr_variant("csr.4x16.scalar") != nullptr);
  CHECK(find_csr_variant("csr.nope") == nullptr);
  for (const CsrVariant& v : csr_variants()) {
    INFO(v.name);
    CHECK(std::string(v.name).find(v.isa) != std::string::npos);
    CHECK(std::string(v.name).find(std::to_string(v.mr) + "x" + std::to_string(v.nr)) != std::string::npos);
  }
  // Density selection stays within the available variants and always finds one.
  for (double d : {0.0, 0.05, 0.24, 0.25, 0.5, 1.0}) CHECK(best_csr_variant(d).available());
}

TEST_CASE("csr gemm: every variant matches the oracle at edge sizes", "[csr_gemm]") {
  unsigned seed = 900;
  for (const CsrVariant& v : csr_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": not supported by this CPU");
      continue;
    }
    for (const Case& s : kCases) {
      const int lda = s.K + 1, ldb = s.N + 3, ldc = s.N + 5;
      auto A = random_matrix(s.M, s.K, lda, seed++);
      prune_random(A, s.M, s.K, lda, s.sparsity, seed++);
      if (s.M > 2)
        for (int k = 0; k < s.K; ++k) A[static_cast<std::size_t>(1) * lda + k] = 0.0f;  // an empty row
      const CsrMatrix c = csr_from_dense(A.data(), s.M, s.K, lda);
      std::vector<float> D(static_cast<std::size_t>(s.M) * s.K);
      csr_to_dense(c, D.data(), s.K);
      const auto B = random_matrix(s.K, s.N, ldb, seed++);  // NaN beyond column N: never read
      // The variant's blocking; many short k-blocks; and one-group sweeps, so that operands
      // with several sweeps (stored sweep by sweep) are run too.
      for (auto [kc, sweep] : {std::pair{0, 0}, std::pair{16, 0}, std::pair{16, CsrKernelOperand::kGroupBlocks}}) {
        const CsrKernelOperand op = prepare_csr_operand(c, v, kc, sweep);
        for (int threads : {1, 2}) {
          std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, 999.0f);
          v.run(op, B.data(), ldb, s.N, C.data(), ldc, threads);
          INFO(v.name << " M=" << s.M << " N=" << s.N << " K=" << s.K << " sparsity=" << s.sparsity
                      << " kc=" << op.kc << " sweep=" << op.sweep_blocks << " threads=" << threads);
          CHECK(check_gemm(s.M, s.N, s.K, D.data(), s.K, B.data(), ldb, C.data(), ldc) == "");
          bool pad_intact = true;
          for (int i = 0; i < s.M; ++i)
            for (int j = s.N; j < ldc; ++j) pad_intact = pad_intact && C[static_cast<std::size_t>(i) * ldc + j] == 999.0f;
          CHECK(pad_intact);
        }
      }
    }
  }
}

TEST_CASE("csr gemm: an operand blocked for another tile is rejected", "[csr_gemm]") {
  auto A = random_matrix(4, 8, 8, 3);
  const CsrMatrix c = csr_from_dense(A.data(), 4, 8, 8);
  const CsrVariant* scalar = find_csr_variant("csr.4x16.scalar");
  REQUIRE(scalar != nullptr);
  for (const CsrVariant& v : csr_variants()) {
    if (!v.available() || (v.mr == scalar->mr && v.nr == scalar->nr)) continue;
    const CsrKernelOperand op = prepare_csr_operand(c, *scalar);
    std::vector<float> B(8 * 4, 1.0f), C(16);
    CHECK_THROWS_AS(v.run(op, B.data(), 4, 4, C.data(), 4, 1), std::invalid_argument);
  }
  CHECK_THROWS_AS(prepare_csr_operand(c, *scalar, -1), std::invalid_argument);
  CHECK_THROWS_AS(prepare_csr_operand(c, *scalar, 0, -1), std::invalid_argument);
}

TEST_CASE("csr gemm: stored NaN propagates, NaN behind a pruned weight does not", "[csr_gemm]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const int M = 12, N = 40, K = 50, kbad = 20;
  auto A = random_matrix(M, K, K, 5);
  prune_random(A, M, K, K, 0.5, 6);
  for (int i = 0; i < M; ++i) A[static_cast<std::size_t>(i) * K + kbad] = i == 4 ? 1.5f : 0.0f;  // only row 4 keeps kbad
  A[7 * K + 3] = nan;                                                                            // a stored NaN in row 7
  auto B = random_matrix(K, N, N, 7);
  for (int j = 0; j < N; ++j) B[static_cast<std::size_t>(kbad) * N + j] = nan;
  const CsrMatrix c = csr_from_dense(A.data(), M, K, K);
  for (const CsrVariant& v : csr_variants()) {
    if (!v.available()) continue;
    const CsrKernelOperand op = prepare_csr_operand(c, v);
    std::vector<float> C(static_cast<std::size_t>(M) * N);
    v.run(op, B.data(), N, N, C.data(), N, 1);
    INFO(v.name);
    for (int i = 0; i < M; ++i) {
      bool all_nan = true, all_finite = true;
      for (int j = 0; j < N; ++j) {
        all_nan = all_nan && std::isnan(C[static_cast<std::size_t>(i) * N + j]);
        all_finite = all_finite && std::isfinite(C[static_cast<std::size_t>(i) * N + j]);
      }
      if (i == 4 || i == 7) CHECK(all_nan);
      else CHECK(all_finite);
    }
  }
}
