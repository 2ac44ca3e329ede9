// Shared helpers for the kernel tests: fixed-seed random matrices, a small N:M pruning
// helper and THE error bound every GEMM kernel is checked against.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace claimbench::test {

// rows×cols matrix with leading dimension ld (>= cols), entries uniform in [lo, hi);
// padding beyond cols is filled with a NaN sentinel so reads outside the window show up.
std::vector<float> random_matrix(int rows, int cols, int ld, unsigned seed, float lo = -1.0f,
                                 float hi = 1.0f);

// In every group of m consecutive elements of a row (the last group may be shorter), zero the
// (group length - n) smallest-magnitude elements (ties: the lower index is zeroed first), so
// the matrix satisfies n:m.
void prune_smallest_nm(std::vector<float>& a, int rows, int cols, int ld, int n, int m);

// The error bound for one element of a float GEMM against the float64 oracle:
//   |c - ref| <= 8·sqrt(K)·epsilon·Σ_k |a_ik·b_kj| + 1e-30
// epsilon: the accumulator's relative rounding unit (FLT_EPSILON; 2^-10 for fp16 sums).
double gemm_error_bound(double abs_sum, int K, double epsilon = 1.1920928955078125e-07);

// Compares C (M×N, ldc) with the oracle element by element (reference_element_f64).
// NaN in the oracle requires NaN in C; ±Inf requires the same Inf; otherwise the bound above.
// Returns "" when everything matches, else a description of the first failures.
std::string check_gemm(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
                       const float* C, int ldc, double epsilon = 1.1920928955078125e-07);

}  // namespace claimbench::test
