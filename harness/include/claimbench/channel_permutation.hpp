// Input-channel permutation before N:M pruning, as NVIDIA's apex ASP does: reordering the
// columns of W (the K dimension) changes which weights share a group of m, and a good order
// keeps more of the weights' magnitude under the same n:m budget. Permuting W's columns and
// X's rows the same way leaves the product unchanged, so it is free at inference time.
#pragma once

#include <cstdint>
#include <vector>

#include "claimbench/pruning.hpp"

namespace claimbench {

// Σ|w| kept by magnitude N:M pruning of A (rows × cols), with columns taken in the order
// `order` (order[p] = the original column at position p; empty = identity).
double kept_magnitude(const float* A, int rows, int cols, int ld, NMPattern pattern,
                      const std::vector<int>& order = {});

struct ChannelPermutation {
  std::vector<int> order;     // order[p] = original column placed at position p
  double total_magnitude = 0;  // Σ|w| before pruning
  double kept_identity = 0;    // kept without permutation
  double kept_permuted = 0;    // kept with `order`
  int swaps = 0;               // accepted improving swaps
};

// Greedy search: start from the identity, then try swapping one column of one group with one
// column of another (random group pairs from `seed`, every column pair of the two groups) and
// keep the best strictly improving swap; stop after `pair_trials` group pairs. Deterministic
// for a given seed. Never returns an order that keeps less than the identity.
ChannelPermutation search_channel_permutation(const float* A, int rows, int cols, int ld, NMPattern pattern,
                                              int pair_trials, std::uint64_t seed);

// out[:, p] = A[:, order[p]] (columns) and out[p, :] = B[order[p], :] (rows).
void permute_columns(const float* A, int rows, int cols, int lda, const std::vector<int>& order, float* out, int ldo);
void permute_rows(const float* B, int rows, int cols, int ldb, const std::vector<int>& order, float* out, int ldo);

}  // namespace claimbench
