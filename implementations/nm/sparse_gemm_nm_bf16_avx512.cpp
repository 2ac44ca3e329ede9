// AVX512-BF16 2:4 microkernels (vpermt2w gather + vdpbf16ps). Own ISA flags.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

#include "nm/sparse_gemm_nm_bf16.hpp"

namespace claimbench::nm::bf16_detail {
namespace {

// 16 gather indices (one per p0 | p1 << 2), compile-time: output word (column c, slot t) =
// word c·4 + p_t of the 64-word pair of registers holding 16 columns × 4 k.
struct IndexTable {
  alignas(64) uint16_t idx[16][32];
};
constexpr IndexTable make_table() {
  IndexTable t{};
  for (int meta = 0; meta < 16; ++meta)
    for (int c = 0; c < 16; ++c)
      for (int s = 0; s < 2; ++s) t.idx[meta][2 * c + s] = static_cast<uint16_t>(4 * c + ((meta >> (2 * s)) & 3));
  return t;
}
constexpr IndexTable kTable = make_table();

template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(int mr, int ng, const NM24Bf16Entry* __restrict Ep,
                                               const uint16_t* __restrict Bp, float* C, long ldc, int ncols,
                                               int accumulate) {
  constexpr int NR = 16 * NV;
  const unsigned char* table = reinterpret_cast<const unsigned char*>(&kTable.idx[0][0]);
  __m512 c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_ps();
  for (int g = 0; g < ng; ++g) {
    __m512i b0[NV], b1[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) {
      b0[v] = _mm512_load_si512(Bp + 64 * v);
      b1[v] = _mm512_load_si512(Bp + 64 * v + 32);
    }
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 4 * NR * 4), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const NM24Bf16Entry e = Ep[r];
      const __m512bh w = (__m512bh)_mm512_set1_epi32(static_cast<int>(e.weights));
      const __m512i idx = _mm512_load_si512(table + e.offset);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v)
        c[r][v] = _mm512_dpbf16_ps(c[r][v], (__m512bh)_mm512_permutex2var_epi16(b0[v], idx, b1[v]), w);
    }
    Ep += MR;
    Bp += NR * 4;
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

void nm24_bf16_ukr_avx512_4x64(int mr, int ng, const NM24Bf16Entry* Ep, const uint16_t* Bp, float* C, long ldc,
                               int ncols, int accumulate) {
  ukr<4, 4>(mr, ng, Ep, Bp, C, ldc, ncols, accumulate);
}
void nm24_bf16_ukr_avx512_6x32(int mr, int ng, const NM24Bf16Entry* Ep, const uint16_t* Bp, float* C, long ldc,
                               int ncols, int accumulate) {
  ukr<6, 2>(mr, ng, Ep, Bp, C, ldc, ncols, accumulate);
}

}  // namespace claimbench::nm::bf16_detail
#endif  // x86
