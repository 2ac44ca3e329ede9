#include "sparse_test_support.hpp"

#include <random>

namespace claimbench::test {

void prune_random(std::vector<float>& a, int rows, int cols, int ld, double sparsity, unsigned seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution drop(sparsity);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (drop(rng)) a[static_cast<std::size_t>(r) * ld + c] = 0.0f;
}

}  // namespace claimbench::test
