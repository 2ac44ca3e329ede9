// AVX-512 dense kernel for few columns of B (decode): the dense counterpart of the N:M window
// kernel. Lanes are 16 output rows; the weights are packed once per 16-row block, k-major, so
// one pass streams every weight exactly once (4 bytes each) whatever the column count up to 8,
// where sgemm re-packs the whole weight matrix per call and a GEMV per column re-reads it.
// Compiled with AVX-512 flags (see kernels.cmake).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

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
  const __mmask16 live = rows >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << rows) - 1u);
  const __m512i row_offsets = _mm512_mullo_epi32(
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
      _mm512_set1_epi32(static_cast<int>(ldc)));
#pragma GCC unroll 8
  for (int t = 0; t < T; ++t) _mm512_mask_i32scatter_ps(C + t, live, row_offsets, acc[t], 4);
}

}  // namespace

// C[16 rows (the first `rows` stored) × columns] = Wp (K × 16, k-major) · Btᵀ (columns × K).
void few_column_tile_avx512(int columns, int K, const float* Wp, const float* Bt, long ldbt,
                            float* C, long ldc, int rows) {
  switch (columns) {
    case 1: tile<1>(K, Wp, Bt, ldbt, C, ldc, rows); break;
    case 2: tile<2>(K, Wp, Bt, ldbt, C, ldc, rows); break;
    case 3: tile<3>(K, Wp, Bt, ldbt, C, ldc, rows); break;
    case 4: tile<4>(K, Wp, Bt, ldbt, C, ldc, rows); break;
    case 5: tile<5>(K, Wp, Bt, ldbt, C, ldc, rows); break;
    case 6: tile<6>(K, Wp, Bt, ldbt, C, ldc, rows); break;
    case 7: tile<7>(K, Wp, Bt, ldbt, C, ldc, rows); break;
    default: tile<8>(K, Wp, Bt, ldbt, C, ldc, rows); break;
  }
}

}  // namespace claimbench::dense::detail

#endif  // x86
