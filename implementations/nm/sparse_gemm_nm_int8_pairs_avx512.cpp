// AVX512-VNNI (+BW) 2:4 int8 microkernels, row-pair layout (sparse_gemm_nm_int8.hpp): one
// in-lane vpshufb selects the kept activation bytes of two weight rows at once, one vpdpbusd
// multiplies them by the pair's 4+4 kept weights. Own ISA flags.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "nm/sparse_gemm_nm_int8.hpp"

namespace claimbench::nm::int8_detail {
namespace {

// C[r][16 columns] from the block's int32 sums, scaled as the dense int8 kernel does (so the
// two agree bit for bit): first block C = s·(acc − comp), later blocks C = s·acc + C.
inline __attribute__((always_inline)) void store_row16(__m512i acc, float* p, int left, float scale,
                                                       const int32_t* comp) {
  if (left <= 0) return;
  const __m512 sc = _mm512_set1_ps(scale);
  // maskz form: GCC 12 warns about the unmasked one's undefined pass-through operand.
  const __m512 a = _mm512_maskz_cvtepi32_ps(0xFFFF, _mm512_sub_epi32(acc, _mm512_set1_epi32(comp ? *comp : 0)));
  const __m512 x = _mm512_mul_ps(sc, a);
  if (left >= 16) {
    _mm512_storeu_ps(p, comp ? x : _mm512_fmadd_ps(sc, a, _mm512_loadu_ps(p)));
  } else {
    const __mmask16 k = static_cast<__mmask16>((1u << left) - 1u);
    _mm512_mask_storeu_ps(p, k, comp ? x : _mm512_fmadd_ps(sc, a, _mm512_maskz_loadu_ps(k, p)));
  }
}

// acc += u8 · s8 in place. GCC 12 compiles the intrinsic's value semantics into a register
// copy of the accumulator per vpdpbusd in this loop (and spills); the asm pins it in place.
inline __attribute__((always_inline)) __m512i dpbusd(__m512i acc, __m512i u8, __m512i s8) {
  __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u8), "v"(s8));
  return acc;
}

// RP row pairs (MR = 2·RP rows) × NV vectors of 8 columns (NR = 8·NV), NV even.
template <int RP, int NV>
inline __attribute__((always_inline)) void ukr(int mr, int nspans, const NM24Int8PairEntry* __restrict Ep,
                                               const uint8_t* __restrict Bp, float* C, long ldc, int ncols,
                                               const float* scale, const int32_t* comp) {
  static_assert(NV % 2 == 0, "rows are separated two vectors (16 columns) at a time");
  constexpr int NR = 8 * NV;
  __m512i c[RP][NV];
#pragma GCC unroll 32
  for (int r = 0; r < RP; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_si512();
  for (int s = 0; s < nspans; ++s) {
    __m512i b[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) b[v] = _mm512_load_si512(Bp + 64 * v);
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 4 * NR * 8), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < RP; ++r) {
      const __m512i ctl = _mm512_maskz_broadcast_i32x4(0xFFFF, _mm_loadu_si128(reinterpret_cast<const __m128i*>(Ep[r].control)));
      long long w2;
      std::memcpy(&w2, Ep[r].weights, sizeof w2);
      const __m512i w = _mm512_set1_epi64(w2);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = dpbusd(c[r][v], _mm512_shuffle_epi8(b[v], ctl), w);
    }
    Ep += RP;
    Bp += NR * 8;
  }
  // Lanes: dword 2m = (row 2r, column 8v + m), dword 2m + 1 = (row 2r + 1, column 8v + m).
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
#pragma GCC unroll 16
  for (int r = 0; r < RP; ++r) {
#pragma GCC unroll 16
    for (int v = 0; v < NV; v += 2) {
      const int col = 8 * v;
      if (2 * r < mr)
        store_row16(_mm512_permutex2var_epi32(c[r][v], even, c[r][v + 1]), C + 2 * r * ldc + col, ncols - col,
                    scale[2 * r], comp ? comp + 2 * r : nullptr);
      if (2 * r + 1 < mr)
        store_row16(_mm512_permutex2var_epi32(c[r][v], odd, c[r][v + 1]), C + (2 * r + 1) * ldc + col, ncols - col,
                    scale[2 * r + 1], comp ? comp + 2 * r + 1 : nullptr);
    }
  }
}

}  // namespace

void nm24_int8_pairs_avx512vnni_8x32(int mr, int ns, const NM24Int8PairEntry* Ep, const uint8_t* Bp, float* C, long ldc,
                                     int ncols, const float* scale, const int32_t* comp) {
  ukr<4, 4>(mr, ns, Ep, Bp, C, ldc, ncols, scale, comp);
}
void nm24_int8_pairs_avx512vnni_4x64(int mr, int ns, const NM24Int8PairEntry* Ep, const uint8_t* Bp, float* C, long ldc,
                                     int ncols, const float* scale, const int32_t* comp) {
  ukr<2, 8>(mr, ns, Ep, Bp, C, ldc, ncols, scale, comp);
}
void nm24_int8_pairs_avx512vnni_6x48(int mr, int ns, const NM24Int8PairEntry* Ep, const uint8_t* Bp, float* C, long ldc,
                                     int ncols, const float* scale, const int32_t* comp) {
  ukr<3, 6>(mr, ns, Ep, Bp, C, ldc, ncols, scale, comp);
}

}  // namespace claimbench::nm::int8_detail
#endif  // x86
