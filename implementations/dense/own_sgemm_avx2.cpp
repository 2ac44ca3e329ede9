// AVX2+FMA SGEMM microkernel. Compiled with -mavx2 -mfma (see kernels.cmake); contains only
// intrinsics and internal-linkage helpers besides the exported microkernel.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

namespace claimbench::dense::detail {
namespace {

template <int MR, int NV>
inline __attribute__((always_inline)) void ukr_avx2(int kc, const float* __restrict Ap,
                                                    const float* __restrict Bp,
                                                    float* __restrict C, long ldc,
                                                    int accumulate) {
  constexpr int NR = 8 * NV;
  __m256 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm256_setzero_ps();
  for (int k = 0; k < kc; ++k) {
    __m256 b[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) b[v] = _mm256_load_ps(Bp + 8 * v);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m256 a = _mm256_broadcast_ss(Ap + r);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = _mm256_fmadd_ps(a, b[v], c[r][v]);
    }
    Ap += MR;
    Bp += NR;
  }
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      float* p = C + r * ldc + 8 * v;
      _mm256_storeu_ps(p, accumulate ? _mm256_add_ps(c[r][v], _mm256_loadu_ps(p)) : c[r][v]);
    }
}

}  // namespace

void sgemm_ukr_avx2_6x16(int kc, const float* Ap, const float* Bp, float* C, long ldc,
                         int accumulate) {
  ukr_avx2<6, 2>(kc, Ap, Bp, C, ldc, accumulate);
}

}  // namespace claimbench::dense::detail

#endif  // x86
