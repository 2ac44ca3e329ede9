// Helpers of the unstructured-sparsity tests: random unstructured pruning with a given
// fraction of zeros, optionally with whole rows or columns zeroed.
#pragma once

#include <vector>

namespace claimbench::test {

// Zero each element of the rows×cols window (leading dimension ld) with probability
// `sparsity` (a fixed-seed Bernoulli mask, so rows get uneven lengths as in real pruning).
void prune_random(std::vector<float>& a, int rows, int cols, int ld, double sparsity, unsigned seed);

}  // namespace claimbench::test
