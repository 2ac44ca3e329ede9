// AVX-512 SGEMM microkernels. This file is compiled with AVX-512 flags (see kernels.cmake)
// and contains nothing else: only intrinsics and functions with internal linkage besides
// the exported microkernels, so no AVX-512 code can leak into shared inline functions.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

namespace claimbench::dense::detail {
namespace {

// C[MR × 16·NV] (+)= Ap(MR×kc, packed k-major: MR values per k) · Bp(kc×16·NV, packed).
template <int MR, int NV>
inline __attribute__((always_inline)) void ukr_avx512(int kc, const float* __restrict Ap,
                                                      const float* __restrict Bp,
                                                      float* __restrict C, long ldc,
                                                      int accumulate) {
  constexpr int NR = 16 * NV;
  __m512 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_ps();
  // Prefetch the whole C tile (every 64-byte line of every row); it is touched only at the
  // end. At thousands of tokens C is far larger than L2, and a tile whose lines arrive from L3
  // only when they are added stalls the kernel (prefetching only each row's first line left
  // 3072-token BERT shapes at 0.82-0.86x OpenBLAS).
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v)
      _mm_prefetch(reinterpret_cast<const char*>(C + r * ldc + 16 * v), _MM_HINT_T0);

  for (int k = 0; k < kc; ++k) {
    __m512 b[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) b[v] = _mm512_load_ps(Bp + 16 * v);
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 8 * NR), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m512 a = _mm512_set1_ps(Ap[r]);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = _mm512_fmadd_ps(a, b[v], c[r][v]);
    }
    Ap += MR;
    Bp += NR;
  }
  if (accumulate) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v)
        _mm512_storeu_ps(C + r * ldc + 16 * v,
                         _mm512_add_ps(c[r][v], _mm512_loadu_ps(C + r * ldc + 16 * v)));
  } else {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) _mm512_storeu_ps(C + r * ldc + 16 * v, c[r][v]);
  }
}

}  // namespace

void sgemm_ukr_avx512_6x64(int kc, const float* Ap, const float* Bp, float* C, long ldc,
                           int accumulate) {
  ukr_avx512<6, 4>(kc, Ap, Bp, C, ldc, accumulate);
}
void sgemm_ukr_avx512_12x32(int kc, const float* Ap, const float* Bp, float* C, long ldc,
                            int accumulate) {
  ukr_avx512<12, 2>(kc, Ap, Bp, C, ldc, accumulate);
}
void sgemm_ukr_avx512_8x48(int kc, const float* Ap, const float* Bp, float* C, long ldc,
                           int accumulate) {
  ukr_avx512<8, 3>(kc, Ap, Bp, C, ldc, accumulate);
}

}  // namespace claimbench::dense::detail

#endif  // x86
