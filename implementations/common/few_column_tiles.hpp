// Shared by the few-column (decode) kernels, dense and N:M, whose vector lanes are 16 output
// rows and whose B is read transposed, at most 8 columns at a time.
#pragma once

#include <algorithm>

namespace claimbench::kernels {

// Columns of B per pass of a few-column kernel: one accumulator vector per column.
inline constexpr int kFewColumnChunk = 8;

// Bt[t·ldbt + k] = B[k·ldb + j0 + t] for t < cols, k < K; zero for K <= k < ldbt. Reads each row
// of B once for all cols columns.
inline void transpose_column_chunk(const float* B, long ldb, int K, int j0, int cols, float* Bt,
                                   long ldbt) {
  for (int k = 0; k < K; ++k)
    for (int t = 0; t < cols; ++t) Bt[t * ldbt + k] = B[k * ldb + j0 + t];
  for (int t = 0; t < cols; ++t) std::fill(Bt + t * ldbt + K, Bt + (t + 1) * ldbt, 0.0f);
}

}  // namespace claimbench::kernels
