// AVX512-FP16 2:4 microkernels (broadcast kept weight × packed B row at its offset,
// vfmadd231ph, fp16 accumulators widened to fp32 at the end of the K block). Own ISA flags.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

#include "nm/sparse_gemm_nm_fp16.hpp"

namespace claimbench::nm::fp16_detail {
namespace {

// C[rows < mr][0, ncols) (+)= Σ_{g < ng} Σ_{t < 2} w[r, g, t] · Bp[4g + pos[r, g, t], :]
template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(int mr, int ng, const NM24Fp16Entry* __restrict Ep,
                                               const uint16_t* __restrict Bp, float* C, long ldc, int ncols,
                                               int accumulate) {
  constexpr int NR = 32 * NV;
  __m512h c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_ph();
  const char* bg = reinterpret_cast<const char*>(Bp);
  for (int g = 0; g < ng; ++g) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 2
      for (int t = 0; t < 2; ++t) {
        const __m512h w = _mm512_castsi512_ph(_mm512_set1_epi32(static_cast<int>(Ep[r].weight[t])));
        const char* b = bg + Ep[r].offset[t];
#pragma GCC unroll 32
        for (int v = 0; v < NV; ++v)
          c[r][v] = _mm512_fmadd_ph(w, _mm512_castsi512_ph(_mm512_load_si512(b + 64 * v)), c[r][v]);
      }
    }
    Ep += MR;
    bg += 4 * NR * 2;
  }
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r) {
    if (r >= mr) break;
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      const __m512i bits = _mm512_castph_si512(c[r][v]);
      const __m512 part[2] = {_mm512_cvtxph_ps(_mm512_castph512_ph256(c[r][v])),
                              _mm512_cvtxph_ps(_mm256_castsi256_ph(_mm512_maskz_extracti64x4_epi64(0xFF, bits, 1)))};
#pragma GCC unroll 2
      for (int h = 0; h < 2; ++h) {
        const int col = 32 * v + 16 * h;
        float* p = C + r * ldc + col;
        if (ncols == NR) {
          _mm512_storeu_ps(p, accumulate ? _mm512_add_ps(part[h], _mm512_loadu_ps(p)) : part[h]);
        } else {
          const int left = ncols - col;
          if (left <= 0) continue;
          const __mmask16 k = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
          _mm512_mask_storeu_ps(p, k, accumulate ? _mm512_add_ps(part[h], _mm512_maskz_loadu_ps(k, p)) : part[h]);
        }
      }
    }
  }
}

}  // namespace

void nm24_fp16_ukr_avx512fp16_4x128(int mr, int ng, const NM24Fp16Entry* Ep, const uint16_t* Bp, float* C, long ldc,
                                    int ncols, int accumulate) {
  ukr<4, 4>(mr, ng, Ep, Bp, C, ldc, ncols, accumulate);
}
void nm24_fp16_ukr_avx512fp16_3x256(int mr, int ng, const NM24Fp16Entry* Ep, const uint16_t* Bp, float* C, long ldc,
                                    int ncols, int accumulate) {
  ukr<3, 8>(mr, ng, Ep, Bp, C, ldc, ncols, accumulate);
}
void nm24_fp16_ukr_avx512fp16_6x64(int mr, int ng, const NM24Fp16Entry* Ep, const uint16_t* Bp, float* C, long ldc,
                                   int ncols, int accumulate) {
  ukr<6, 2>(mr, ng, Ep, Bp, C, ldc, ncols, accumulate);
}

}  // namespace claimbench::nm::fp16_detail
#endif  // x86
