// AVX-VNNI (VEX ymm, no AVX-512: 16 vector registers) 2:4 int8 microkernel, row-pair layout
// (sparse_gemm_nm_int8.hpp), for CPUs with AVX-VNNI but without AVX512-VNNI. Compiled with
// -mavx2 -mfma -mavxvnni only.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "nm/sparse_gemm_nm_int8.hpp"

namespace claimbench::nm::int8_detail {
namespace {

// C[r][8 columns] (left of them real), scaled like the AVX-512 kernels.
inline __attribute__((always_inline)) void store_row8(__m256i acc, float* p, int left, float scale,
                                                      const int32_t* comp) {
  if (left <= 0) return;
  const __m256 sc = _mm256_set1_ps(scale);
  const __m256 a = _mm256_cvtepi32_ps(_mm256_sub_epi32(acc, _mm256_set1_epi32(comp ? *comp : 0)));
  const __m256 x = _mm256_mul_ps(sc, a);
  if (left >= 8) {
    _mm256_storeu_ps(p, comp ? x : _mm256_fmadd_ps(sc, a, _mm256_loadu_ps(p)));
  } else {
    const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32(left), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    _mm256_maskstore_ps(p, m, comp ? x : _mm256_fmadd_ps(sc, a, _mm256_maskload_ps(p, m)));
  }
}

// acc += u8 · s8 in place (VEX-encoded vpdpbusd); see the AVX-512 file for why asm.
inline __attribute__((always_inline)) __m256i dpbusd(__m256i acc, __m256i u8, __m256i s8) {
  __asm__("%{vex%} vpdpbusd %2, %1, %0" : "+x"(acc) : "x"(u8), "x"(s8));
  return acc;
}

// RP row pairs × NV vectors of 4 columns (NV even).
template <int RP, int NV>
inline __attribute__((always_inline)) void ukr(int mr, int nspans, const NM24Int8PairEntry* __restrict Ep,
                                               const uint8_t* __restrict Bp, float* C, long ldc, int ncols,
                                               const float* scale, const int32_t* comp) {
  static_assert(NV % 2 == 0, "rows are separated two vectors (8 columns) at a time");
  constexpr int NR = 4 * NV;
  __m256i c[RP][NV];
#pragma GCC unroll 32
  for (int r = 0; r < RP; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm256_setzero_si256();
  for (int s = 0; s < nspans; ++s) {
    __m256i b[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) b[v] = _mm256_load_si256(reinterpret_cast<const __m256i*>(Bp + 32 * v));
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 8 * NR * 8), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < RP; ++r) {
      const __m256i ctl =
          _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(Ep[r].control)));
      long long w2;
      std::memcpy(&w2, Ep[r].weights, sizeof w2);
      const __m256i w = _mm256_set1_epi64x(w2);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = dpbusd(c[r][v], _mm256_shuffle_epi8(b[v], ctl), w);
    }
    Ep += RP;
    Bp += NR * 8;
  }
  // Vector v: dwords (r, 4v), (r', 4v), (r, 4v+1), (r', 4v+1) | (r, 4v+2), ... ; gather each
  // row's 4 columns into one half, then pair two vectors' halves.
  const __m256i split = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
#pragma GCC unroll 16
  for (int r = 0; r < RP; ++r) {
#pragma GCC unroll 16
    for (int v = 0; v < NV; v += 2) {
      const int col = 4 * v;
      const __m256i lo = _mm256_permutevar8x32_epi32(c[r][v], split);
      const __m256i hi = _mm256_permutevar8x32_epi32(c[r][v + 1], split);
      if (2 * r < mr)
        store_row8(_mm256_permute2x128_si256(lo, hi, 0x20), C + 2 * r * ldc + col, ncols - col, scale[2 * r],
                   comp ? comp + 2 * r : nullptr);
      if (2 * r + 1 < mr)
        store_row8(_mm256_permute2x128_si256(lo, hi, 0x31), C + (2 * r + 1) * ldc + col, ncols - col,
                   scale[2 * r + 1], comp ? comp + 2 * r + 1 : nullptr);
    }
  }
}

}  // namespace

void nm24_int8_pairs_avxvnni_4x16(int mr, int ns, const NM24Int8PairEntry* Ep, const uint8_t* Bp, float* C, long ldc,
                                  int ncols, const float* scale, const int32_t* comp) {
  ukr<2, 4>(mr, ns, Ep, Bp, C, ldc, ncols, scale, comp);
}

}  // namespace claimbench::nm::int8_detail
#endif  // x86
