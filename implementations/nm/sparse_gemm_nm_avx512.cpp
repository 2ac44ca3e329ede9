// AVX-512 N:M sparse microkernels. Compiled with AVX-512 flags (see kernels.cmake); contains
// only intrinsics and internal-linkage helpers besides the exported microkernels.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

#include "nm/nm_stream_entry.hpp"

namespace claimbench::nm::detail {
namespace {

// Writes the first mr rows and ncols columns of the register tile to C; when accumulate, adds
// the sums at S (leading dimension lds; by default C itself) first.
template <int MR, int NV>
inline __attribute__((always_inline)) void store_tile(__m512 (&c)[MR][NV], int mr, float* C,
                                                      long ldc, int ncols, int accumulate,
                                                      const float* S = nullptr, long lds = 0) {
  constexpr int NR = 16 * NV;
  if (S == nullptr) {
    S = C;
    lds = ldc;
  }
  if (ncols == NR) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      if (r >= mr) break;
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) {
        _mm512_storeu_ps(C + r * ldc + 16 * v,
                         accumulate ? _mm512_add_ps(c[r][v], _mm512_loadu_ps(S + r * lds + 16 * v)) : c[r][v]);
      }
    }
  } else {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      if (r >= mr) break;
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) {
        const int left = ncols - 16 * v;
        if (left <= 0) continue;
        const __mmask16 k = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
        const __m512 x =
            accumulate ? _mm512_add_ps(c[r][v], _mm512_maskz_loadu_ps(k, S + r * lds + 16 * v)) : c[r][v];
        _mm512_mask_storeu_ps(C + r * ldc + 16 * v, k, x);
      }
    }
  }
}

// C[mr×ncols] (+)= Σ_{s in [s0,s1)} vals[r, s] · Bp[kidx[r, s], :] for an MR-row block.
// Bp is a packed panel, NR floats per k, 64-byte aligned.
template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(int s0, int s1, const float* __restrict vals,
                                               const int32_t* __restrict kidx, long stride,
                                               const float* __restrict Bp, float* __restrict C,
                                               long ldc, int ncols, int accumulate) {
  constexpr int NR = 16 * NV;
  __m512 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_ps();
  const float* vp[MR];
  const int32_t* kp[MR];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r) {
    vp[r] = vals + r * stride;
    kp[r] = kidx + r * stride;
  }
  for (int s = s0; s < s1; ++s) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m512 a = _mm512_set1_ps(vp[r][s]);
      const float* b = Bp + static_cast<long>(kp[r][s]) * NR;
      asm("" : "+r"(b));  // base-only address: see stream_ukr
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = _mm512_fmadd_ps(a, _mm512_load_ps(b + 16 * v), c[r][v]);
    }
  }
  store_tile<MR, NV>(c, MR, C, ldc, ncols, accumulate);
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

// The same tile product reading the weight stream: for each of ns slots, MR (value, byte
// offset) entries, one per row of the tile; padding rows carry value 0 and the zero row.
template <int MR, int NV>
inline __attribute__((always_inline)) void stream_ukr(int mr, int ns,
                                                      const NMStreamEntry* __restrict e,
                                                      const char* __restrict Bp,
                                                      float* __restrict C, long ldc, int ncols,
                                                      int accumulate, const float* __restrict Csum,
                                                      long ldsum) {
  __m512 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_ps();
  for (int s = 0; s < ns; ++s, e += MR) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m512 a = _mm512_set1_ps(e[r].value);
      const float* b = reinterpret_cast<const float*>(Bp + e[r].b_offset);
      // One base register per kept weight, so GCC does not fold the offset into every FMA's
      // address: +10% for the row layout's ukr, neutral here (docs/nm/cpu-kernels.md).
      asm("" : "+r"(b));
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = _mm512_fmadd_ps(a, _mm512_load_ps(b + 16 * v), c[r][v]);
    }
  }
  // Csum: the partial sums of earlier k blocks live elsewhere (the driver's buffer).
  store_tile<MR, NV>(c, mr, C, ldc, ncols, accumulate, Csum, ldsum);
}

}  // namespace

void nm_ukr_avx512_4x64(int mr, int s0, int s1, const float* vals, const int32_t* kidx,
                        long stride, const float* Bp, float* C, long ldc, int ncols,
                        int accumulate) {
  ukr_rows<4, 4>(mr, s0, s1, vals, kidx, stride, Bp, C, ldc, ncols, accumulate);
}
void nm_ukr_avx512_3x128(int mr, int s0, int s1, const float* vals, const int32_t* kidx,
                         long stride, const float* Bp, float* C, long ldc, int ncols,
                         int accumulate) {
  ukr_rows<3, 8>(mr, s0, s1, vals, kidx, stride, Bp, C, ldc, ncols, accumulate);
}
void nm_ukr_avx512_2x192(int mr, int s0, int s1, const float* vals, const int32_t* kidx,
                         long stride, const float* Bp, float* C, long ldc, int ncols,
                         int accumulate) {
  ukr_rows<2, 12>(mr, s0, s1, vals, kidx, stride, Bp, C, ldc, ncols, accumulate);
}
void nm_ukr_avx512_4x96(int mr, int s0, int s1, const float* vals, const int32_t* kidx,
                        long stride, const float* Bp, float* C, long ldc, int ncols,
                        int accumulate) {
  ukr_rows<4, 6>(mr, s0, s1, vals, kidx, stride, Bp, C, ldc, ncols, accumulate);
}

void nm_stream_ukr_avx512_4x64(int mr, int ns, const NMStreamEntry* e, const char* Bp, float* C,
                                long ldc, int ncols, int accumulate, const float* Csum, long ldsum) {
  stream_ukr<4, 4>(mr, ns, e, Bp, C, ldc, ncols, accumulate, Csum, ldsum);
}
void nm_stream_ukr_avx512_3x128(int mr, int ns, const NMStreamEntry* e, const char* Bp, float* C,
                                long ldc, int ncols, int accumulate, const float* Csum, long ldsum) {
  stream_ukr<3, 8>(mr, ns, e, Bp, C, ldc, ncols, accumulate, Csum, ldsum);
}
void nm_stream_ukr_avx512_2x192(int mr, int ns, const NMStreamEntry* e, const char* Bp, float* C,
                                long ldc, int ncols, int accumulate, const float* Csum, long ldsum) {
  stream_ukr<2, 12>(mr, ns, e, Bp, C, ldc, ncols, accumulate, Csum, ldsum);
}
void nm_stream_ukr_avx512_4x96(int mr, int ns, const NMStreamEntry* e, const char* Bp, float* C,
                                long ldc, int ncols, int accumulate, const float* Csum, long ldsum) {
  stream_ukr<4, 6>(mr, ns, e, Bp, C, ldc, ncols, accumulate, Csum, ldsum);
}

}  // namespace claimbench::nm::detail

#endif  // x86
