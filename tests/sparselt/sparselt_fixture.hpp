// A small problem through the sparselt API, for the tests: pruned A, B, the plan and the
// compressed A, with REQUIRE on every step.
#pragma once

#include <string>
#include <vector>

#include "sparselt/sparselt.hpp"
#include "sparselt/sparselt_setup.hpp"

namespace claimbench::test {

struct SparseLtProblem {
  int M, N, K;
  sparselt::Pattern pattern;
  std::vector<float> A, B;
  sparselt::Handle h;
  sparselt::RowMajorSetup s;
  sparselt::AlignedBytes compressed;
  std::size_t compressed_bytes = 0;

  // A is random, pruned to the pattern by the harness's magnitude pruning (the reference).
  SparseLtProblem(int M, int N, int K, sparselt::Pattern pattern = {2, 4}, unsigned seed = 1);
  ~SparseLtProblem();
  // D = A·B through the plan; REQUIREs success.
  std::vector<float> multiply(const std::vector<float>& b);
};

// Describes the status and the handle's message when `s` is not `expected`.
std::string status_text(sparselt::Status s, const sparselt::Handle& h);

}  // namespace claimbench::test
