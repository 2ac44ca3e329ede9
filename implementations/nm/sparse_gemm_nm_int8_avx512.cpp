// AVX512-VNNI + VBMI 2:4 int8 microkernels (vpermt2b gather + vpdpbusd). Own ISA flags.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

#include "nm/sparse_gemm_nm_int8.hpp"

namespace claimbench::nm::int8_detail {
namespace {

// 256 gather indices, one per metadata byte p0|p1<<2|p2<<4|p3<<6: output byte (column c,
// slot t) takes quad 0 (first group) byte c·4 + p_t for t < 2, quad 1 byte 64 + c·4 + p_t.
// Built at compile time (constant initialisation): no AVX-512 code runs at load time.
struct IndexTable {
  alignas(64) uint8_t idx[256][64];
};
constexpr IndexTable make_table() {
  IndexTable t{};
  for (int meta = 0; meta < 256; ++meta)
    for (int c = 0; c < 16; ++c)
      for (int k = 0; k < 4; ++k) {
        const int p = (meta >> (2 * k)) & 3;
        t.idx[meta][4 * c + k] = static_cast<uint8_t>((k < 2 ? 0 : 64) + 4 * c + p);
      }
  return t;
}
constexpr IndexTable kTable = make_table();

template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(int mr, int nspans, const NM24Int8Entry* __restrict Ep,
                                               const uint8_t* __restrict Bp, float* C, long ldc, int ncols,
                                               const float* scale, const int32_t* comp) {
  constexpr int NR = 16 * NV;
  const unsigned char* table = &kTable.idx[0][0];
  __m512i c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_si512();
  for (int s = 0; s < nspans; ++s) {
    __m512i b0[NV], b1[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      b0[v] = _mm512_load_si512(Bp + 64 * v);
      b1[v] = _mm512_load_si512(Bp + NR * 4 + 64 * v);
    }
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 8 * NR * 4), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const NM24Int8Entry e = Ep[r];
      const __m512i w = _mm512_set1_epi32(e.weights);
      const __m512i idx = _mm512_load_si512(table + e.offset);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v)
        c[r][v] = _mm512_dpbusd_epi32(c[r][v], _mm512_permutex2var_epi8(b0[v], idx, b1[v]), w);
    }
    Ep += MR;
    Bp += 2 * NR * 4;
  }
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
    if (r >= mr) break;
    const __m512 sc = _mm512_set1_ps(scale[r]);
    const __m512i z = _mm512_set1_epi32(comp ? comp[r] : 0);
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      float* p = C + r * ldc + 16 * v;
      const __m512 a = _mm512_maskz_cvtepi32_ps(0xFFFF, _mm512_sub_epi32(c[r][v], z));  // maskz: no GCC 12 warning
      // Explicit FMA on accumulation (no compiler-dependent contraction): dense and 2:4 round alike.
      const __m512 x = _mm512_mul_ps(sc, a);
      if (ncols == NR) {
        _mm512_storeu_ps(p, comp ? x : _mm512_fmadd_ps(sc, a, _mm512_loadu_ps(p)));
      } else {
        const int left = ncols - 16 * v;
        if (left <= 0) continue;
        const __mmask16 k = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
        _mm512_mask_storeu_ps(p, k, comp ? x : _mm512_fmadd_ps(sc, a, _mm512_maskz_loadu_ps(k, p)));
      }
    }
  }
}

}  // namespace

void nm24_int8_ukr_avx512vnni_4x64(int mr, int ns, const NM24Int8Entry* Ep, const uint8_t* Bp, float* C, long ldc,
                                   int ncols, const float* scale, const int32_t* comp) {
  ukr<4, 4>(mr, ns, Ep, Bp, C, ldc, ncols, scale, comp);
}
void nm24_int8_ukr_avx512vnni_6x32(int mr, int ns, const NM24Int8Entry* Ep, const uint8_t* Bp, float* C, long ldc,
                                   int ncols, const float* scale, const int32_t* comp) {
  ukr<6, 2>(mr, ns, Ep, Bp, C, ldc, ncols, scale, comp);
}
void nm24_int8_ukr_avx512vnni_2x128(int mr, int ns, const NM24Int8Entry* Ep, const uint8_t* Bp, float* C, long ldc,
                                    int ncols, const float* scale, const int32_t* comp) {
  ukr<2, 8>(mr, ns, Ep, Bp, C, ldc, ncols, scale, comp);
}

}  // namespace claimbench::nm::int8_detail
#endif  // x86
