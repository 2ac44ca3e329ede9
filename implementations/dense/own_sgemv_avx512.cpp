// AVX-512 dense kernel for few columns of B (decode): the dense counterpart of the N:M window
// kernel. Lanes are 16 output rows; the weights are packed once per 16-row block, k-major, so
// one pass streams every weight exactly once (4 bytes each) whatever the column count up to 8,
// where sgemm re-packs the whole weight matrix per call and a GEMV per column re-reads it.
// Compiled with AVX-512 flags (see kernels.cmake).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "common/few_column_tiles_avx512.hpp"

namespace claimbench::dense::detail {
namespace {

template <int T>
inline __attribute__((always_inline)) void tile(int K, const float* __restrict Wp,
                                                const float* __restrict Bt, long ldbt,
                                                float* __restrict C, long ldc, int rows) {
  __m512 acc[T];
#pragma GCC unroll 8
  for (int t = 0; t < T; ++t) acc[t] = _mm512_setzero_ps();
  for (int k = 0; k < K; ++k) {
    const __m512 w = _mm512_loadu_ps(Wp + 16L * k);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) acc[t] = _mm512_fmadd_ps(w, _mm512_set1_ps(Bt[t * ldbt + k]), acc[t]);
  }
  kernels::scatter_lane_rows<T>(acc, C, ldc, rows);
}

}  // namespace

// C[16 rows (the first `rows` stored) × columns] = Wp (K × 16, k-major) · Btᵀ (columns × K).
void few_column_tile_avx512(int columns, int K, const float* Wp, const float* Bt, long ldbt,
                            float* C, long ldc, int rows) {
  kernels::with_column_count(columns, [&](auto T) { tile<T>(K, Wp, Bt, ldbt, C, ldc, rows); });
}

}  // namespace claimbench::dense::detail

#endif  // x86
