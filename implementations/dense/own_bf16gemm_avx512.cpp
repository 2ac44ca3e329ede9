// AVX512-BF16 microkernels (vdpbf16ps). Own ISA flags (kernels.cmake).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

namespace claimbench::dense::bf16_detail {
namespace {

template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(int mr, int np, const uint32_t* __restrict Ap,
                                               const uint16_t* __restrict Bp, float* C, long ldc, int ncols,
                                               int accumulate) {
  constexpr int NR = 16 * NV;
  __m512 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_ps();
  for (int q = 0; q < np; ++q) {
    __m512bh b[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) b[v] = (__m512bh)_mm512_load_si512(Bp + 32 * v);
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 8 * NR * 2), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m512bh a = (__m512bh)_mm512_set1_epi32(static_cast<int>(Ap[r]));
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = _mm512_dpbf16_ps(c[r][v], b[v], a);
    }
    Ap += MR;
    Bp += NR * 2;
  }
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
    if (r >= mr) break;
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      float* p = C + r * ldc + 16 * v;
      const int left = ncols - 16 * v;
      if (left <= 0) continue;
      const __mmask16 k = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
      _mm512_mask_storeu_ps(p, k, accumulate ? _mm512_add_ps(c[r][v], _mm512_maskz_loadu_ps(k, p)) : c[r][v]);
    }
  }
}

}  // namespace

void bf16_ukr_avx512_6x64(int mr, int np, const uint32_t* Ap, const uint16_t* Bp, float* C, long ldc, int ncols,
                          int accumulate) {
  ukr<6, 4>(mr, np, Ap, Bp, C, ldc, ncols, accumulate);
}
void bf16_ukr_avx512_8x48(int mr, int np, const uint32_t* Ap, const uint16_t* Bp, float* C, long ldc, int ncols,
                          int accumulate) {
  ukr<8, 3>(mr, np, Ap, Bp, C, ldc, ncols, accumulate);
}

}  // namespace claimbench::dense::bf16_detail
#endif  // x86
