// Operands for a GEMM workload: seeded, portable (the same numbers on every platform and
// standard library), weights pruned to the workload's pattern.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "claimbench/implementation.hpp"
#include "claimbench/workload.hpp"

namespace claimbench {

// normal: N(0, 1) by Box–Muller; uniform: U(−1, 1). Generator: splitmix64 from `seed`.
void fill_values(std::vector<float>& out, const std::string& distribution, std::uint64_t seed);

struct ProblemData {
  std::vector<float> A;  // M×K, pruned
  std::vector<float> B;  // K×N
  GemmProblem problem() const;
  int M = 0, N = 0, K = 0;
  NMPattern pattern;
  double unstructured_sparsity = 0.0;  // "unstructured:<fraction>" workloads
  // Σ|w| kept by pruning as a fraction of the dense weights' Σ|w|; with "+perm" also what the
  // identity order would have kept, so the permutation's gain is on record.
  double kept_magnitude_fraction = 1.0;
  double kept_magnitude_fraction_identity = 1.0;
  bool permuted = false;
};

ProblemData make_problem_data(const Workload& workload);

}  // namespace claimbench
