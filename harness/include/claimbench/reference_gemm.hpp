// The oracle: a GEMM that accumulates in float64, used as the correctness reference for
// every implementation and registered itself as dense.reference so its speed is on record.
#pragma once

#include <cstddef>

namespace claimbench {

// C[M×N] = A[M×K] · B[K×N], all row-major with leading dimensions lda, ldb, ldc.
// Accumulates each dot product in double, in ascending k. NaN and Inf propagate by IEEE rules.
void reference_gemm_f64(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
                        double* C, int ldc);

// One element of the oracle, with the sizes of its products that scale the error bound.
struct ReferenceElement {
  double value;
  double abs_sum;  // Σ|a_ik·b_kj|
  double l2;       // sqrt(Σ(a_ik·b_kj)²)
};
ReferenceElement reference_element_f64(int i, int j, int K, const float* A, int lda, const float* B,
                                       int ldb);

}  // namespace claimbench
