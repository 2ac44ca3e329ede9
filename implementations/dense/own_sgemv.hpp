// Dense fp32 product for few columns of B (decode shapes): the weights packed once into blocks
// of 16 rows, k-major, and streamed once per call for up to 8 columns at a time. The dense
// counterpart of the N:M window kernel, so decode speedups of 2:4 are not measured against
// baselines that re-pack (sgemm) or re-read (a GEMV per column) the weights.
#pragma once

#include <vector>

namespace claimbench::dense {

struct FewColumnWeights {
  int rows = 0, cols = 0;
  std::vector<float> packed;  // ceil(rows/16) blocks of cols × 16 floats; padding rows are zero
};

FewColumnWeights pack_few_column_weights(const float* A, int M, int K, int lda);

// The CPU runs the kernel (AVX-512F).
bool few_column_available();

// C[M×N] = A·B with A packed by pack_few_column_weights; any N, in chunks of 8 columns.
void few_column_gemm(const FewColumnWeights& a, const float* B, int ldb, int N, float* C, int ldc,
                     int threads);

}  // namespace claimbench::dense
