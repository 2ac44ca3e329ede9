// XNNPACK's sparse path (1×1 NCHW convolution) and dense GEMM against the oracle, and the
// probe that proves the NCHW path skips zero weights. Built only with XNNPACK.
#include <catch2/catch.hpp>

#include <vector>

#include "kernel_test_support.hpp"
#include "sparse/xnnpack_spmm.hpp"
#include "sparse_test_support.hpp"

using namespace claimbench::sparse;
using claimbench::test::check_gemm;
using claimbench::test::prune_random;
using claimbench::test::random_matrix;

TEST_CASE("xnnpack: the 1x1 NCHW convolution skips zero weights", "[xnnpack]") {
  CHECK(xnnpack_nchw_skips_zeros());
  CHECK(xnnpack_version() != "");
}

TEST_CASE("xnnpack: sparse and dense operators match the oracle", "[xnnpack]") {
  struct Case {
    int M, N, K;
    double sparsity;
  };
  for (const Case& s : {Case{64, 49, 128, 0.9}, Case{33, 17, 70, 0.5}, Case{8, 200, 16, 0.0}}) {
    auto A = random_matrix(s.M, s.K, s.K, 21);
    prune_random(A, s.M, s.K, s.K, s.sparsity, 22);
    const auto B = random_matrix(s.K, s.N, s.N, 23);
    for (int threads : {1, 2}) {
      INFO("M=" << s.M << " N=" << s.N << " K=" << s.K << " threads=" << threads);
      std::vector<float> C(static_cast<std::size_t>(s.M) * s.N, 999.0f);
      XnnpackSpmm sparse(s.M, s.K, A.data(), s.K, threads);
      sparse.run(B.data(), s.N, C.data());
      CHECK(check_gemm(s.M, s.N, s.K, A.data(), s.K, B.data(), s.N, C.data(), s.N) == "");
      std::vector<float> D(static_cast<std::size_t>(s.M) * s.N, 999.0f);
      XnnpackDenseGemm dense(s.K, s.N, B.data(), s.N, threads);
      dense.run(A.data(), s.M, s.K, D.data());
      CHECK(check_gemm(s.M, s.N, s.K, A.data(), s.K, B.data(), s.N, D.data(), s.N) == "");
    }
  }
}
