#include "sparselt_fixture.hpp"

#include <catch2/catch.hpp>

#include "claimbench/pruning.hpp"
#include "kernel_test_support.hpp"

namespace claimbench::test {

using sparselt::Status;

std::string status_text(Status s, const sparselt::Handle& h) {
  return std::string(sparselt::status_name(s)) + " (" + h.last_error + ")";
}

SparseLtProblem::SparseLtProblem(int m, int n, int k, sparselt::Pattern p, unsigned seed)
    : M(m), N(n), K(k), pattern(p), A(random_matrix(m, k, k, seed)), B(random_matrix(k, n, n, seed + 1)) {
  prune_nm_by_magnitude(A.data(), M, K, K, NMPattern{pattern.n, pattern.m});
  REQUIRE(sparselt::init(&h) == Status::success);
  const Status st = sparselt::setup_row_major(&h, &s, M, N, K, K, N, N, pattern);
  INFO(status_text(st, h));
  REQUIRE(st == Status::success);
  std::size_t workspace = 1;
  REQUIRE(sparselt::compressed_size(&h, &s.plan, &compressed_bytes, &workspace) == Status::success);
  REQUIRE(workspace == 0);
  compressed = sparselt::allocate_aligned(compressed_bytes);
  const Status c = sparselt::compress(&h, &s.plan, A.data(), compressed.get(), nullptr);
  INFO(status_text(c, h));
  REQUIRE(c == Status::success);
}

SparseLtProblem::~SparseLtProblem() {
  sparselt::teardown(&h, &s);
  sparselt::destroy(&h);
}

std::vector<float> SparseLtProblem::multiply(const std::vector<float>& b) {
  std::vector<float> d(static_cast<std::size_t>(M) * N, -1.0f);
  const Status st = sparselt::matmul(&h, &s.plan, 1.0f, compressed.get(), b.data(), 0.0f, nullptr, d.data());
  INFO(status_text(st, h));
  REQUIRE(st == Status::success);
  return d;
}

}  // namespace claimbench::test
