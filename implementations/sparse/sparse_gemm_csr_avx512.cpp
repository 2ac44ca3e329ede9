// AVX-512 CSR microkernels. Compiled with AVX-512 flags (see CMakeLists.txt); only intrinsics
// and internal helpers besides the exported microkernels.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "sparse/sparse_gemm_csr.hpp"

namespace claimbench::sparse::detail {
namespace {

// MR rows × 16·NV columns. Each slot holds MR entries; every entry is one broadcast and NV
// FMAs whose B operand is loaded straight from the packed panel at the entry's byte offset.
template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(const CsrEntry* __restrict e, long len,
                                               const float* __restrict Bp, float* __restrict C,
                                               long ldc, const int32_t* __restrict rows,
                                               int ncols, int accumulate) {
  __m512 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_ps();
  const char* base = reinterpret_cast<const char*>(Bp);
  for (long s = 0; s < len; ++s, e += MR) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
const __m512 a = _mm512_set1_ps(e[r].value);
      const float* b = reinterpret_cast<const float*>(base + e[r].offset);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = _mm512_fmadd_ps(a, _mm512_load_ps(b + 16 * v), c[r][v]);
    }
  }
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r) {
    if (rows[r] < 0) continue;
    float* out = C + rows[r] * ldc;
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      const int left = ncols - 16 * v;
      if (left <= 0) break;
      const __mmask16 m = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
      float* p = out + 16 * v;
      const __m512 x = accumulate ? _mm512_add_ps(c[r][v], _mm512_maskz_loadu_ps(m, p)) : c[r][v];
      _mm512_mask_storeu_ps(p, m, x);
    }
  }
}

// A partial last panel (ncols < NR) runs with only the vectors it needs: the byte offsets
// already encode the panel's row stride, so the narrower tile reads the same packed panel.
template <int MR, int NV>
inline void dispatch(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                     const int32_t* rows, int ncols, int accumulate) {
  if constexpr (NV > 1) {
    if (ncols <= 16 * (NV - 1)) {
      dispatch<MR, NV - 1>(e, len, Bp, C, ldc, rows, ncols, accumulate);
      return;
    }
  }
  ukr<MR, NV>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}

}  // namespace

void csr_ukr_avx512_4x64(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                         const int32_t* rows, int ncols, int accumulate) {
  dispatch<4, 4>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}
void csr_ukr_avx512_2x128(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                          const int32_t* rows, int ncols, int accumulate) {
  dispatch<2, 8>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}
void csr_ukr_avx512_6x64(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                         const int32_t* rows, int ncols, int accumulate) {
  dispatch<6, 4>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}
void csr_ukr_avx512_3x128(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                          const int32_t* rows, int ncols, int accumulate) {
  dispatch<3, 8>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}
void csr_ukr_avx512_2x192(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                          const int32_t* rows, int ncols, int accumulate) {
  dispatch<2, 12>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}
void csr_ukr_avx512_4x32(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                         const int32_t* rows, int ncols, int accumulate) {
  dispatch<4, 2>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}
void csr_ukr_avx512_6x32(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                         const int32_t* rows, int ncols, int accumulate) {
  dispatch<6, 2>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}

}  // namespace claimbench::sparse::detail

#endif  // x86
