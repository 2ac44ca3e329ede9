// AVX2+FMA N:M sparse microkernel. Compiled with -mavx2 -mfma (see kernels.cmake).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

namespace claimbench::nm::detail {
namespace {

template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(int s0, int s1, const float* __restrict vals,
                                               const int32_t* __restrict kidx, long stride,
                                               const float* __restrict Bp, float* __restrict C,
                                               long ldc, int ncols, int accumulate) {
  constexpr int NR = 8 * NV;
  __m256 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm256_setzero_ps();
  for (int s = s0; s < s1; ++s) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m256 a = _mm256_broadcast_ss(vals + r * stride + s);
      const float* b = Bp + static_cast<long>(kidx[r * stride + s]) * NR;
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = _mm256_fmadd_ps(a, _mm256_load_ps(b + 8 * v), c[r][v]);
    }
  }
  if (ncols == NR) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) {
        float* p = C + r * ldc + 8 * v;
        _mm256_storeu_ps(p, accumulate ? _mm256_add_ps(c[r][v], _mm256_loadu_ps(p)) : c[r][v]);
      }
  } else {
    alignas(32) float tile[MR][NR];
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) _mm256_store_ps(&tile[r][8 * v], c[r][v]);
    for (int r = 0; r < MR; ++r)
      for (int j = 0; j < ncols; ++j)
        C[r * ldc + j] = accumulate ? C[r * ldc + j] + tile[r][j] : tile[r][j];
  }
}

template <int MR, int NV>
void ukr_rows(int mr, int s0, int s1, const float* vals, const int32_t* kidx, long stride,
              const float* Bp, float* C, long ldc, int ncols, int accumulate) {
  if constexpr (MR > 1) {
    if (mr < MR) {
      ukr_rows<MR - 1, NV>(mr, s0, s1, vals, kidx, stride, Bp, C, ldc, ncols, accumulate);
      return;
    }
  }
  ukr<MR, NV>(s0, s1, vals, kidx, stride, Bp, C, ldc, ncols, accumulate);
}

}  // namespace

void nm_ukr_avx2_4x24(int mr, int s0, int s1, const float* vals, const int32_t* kidx,
                      long stride, const float* Bp, float* C, long ldc, int ncols,
                      int accumulate) {
  ukr_rows<4, 3>(mr, s0, s1, vals, kidx, stride, Bp, C, ldc, ncols, accumulate);
}

}  // namespace claimbench::nm::detail

#endif  // x86
