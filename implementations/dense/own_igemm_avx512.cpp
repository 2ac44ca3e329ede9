// AVX512-VNNI int8 microkernels (vpdpbusd), compiled with their own ISA flags (kernels.cmake).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

namespace claimbench::dense::igemm_detail {
namespace {

// C[mr × ncols] = scale·(acc − comp) (comp != nullptr: first K block) or C += scale·acc.
template <int MR, int NV>
inline __attribute__((always_inline)) void store_tile(__m512i (&c)[MR][NV], int mr, float* C, long ldc, int ncols,
                                                      const float* scale, const int32_t* comp) {
  constexpr int NR = 16 * NV;
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
    if (r >= mr) break;
    const __m512 s = _mm512_set1_ps(scale[r]);
    const __m512i z = _mm512_set1_epi32(comp ? comp[r] : 0);
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      float* p = C + r * ldc + 16 * v;
      const __m512 a = _mm512_maskz_cvtepi32_ps(0xFFFF, _mm512_sub_epi32(c[r][v], z));  // maskz: no GCC 12 warning
      // Explicit FMA on accumulation (no compiler-dependent contraction): dense and 2:4 round alike.
      const __m512 x = _mm512_mul_ps(s, a);
      if (ncols == NR) {
        _mm512_storeu_ps(p, comp ? x : _mm512_fmadd_ps(s, a, _mm512_loadu_ps(p)));
      } else {
        const int left = ncols - 16 * v;
        if (left <= 0) continue;
        const __mmask16 k = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
        _mm512_mask_storeu_ps(p, k, comp ? x : _mm512_fmadd_ps(s, a, _mm512_maskz_loadu_ps(k, p)));
      }
    }
  }
}

// acc += u8 · s8 in place. GCC 12 turns the intrinsic's value semantics in this unrolled
// loop into accumulator copies and stack spills (14 extra moves per 24 vpdpbusd); the asm
// keeps each accumulator in its register.
inline __attribute__((always_inline)) __m512i dpbusd(__m512i acc, __m512i u8, __m512i s8) {
  __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u8), "v"(s8));
  return acc;
}

template <int MR, int NV>
inline __attribute__((always_inline)) void ukr(int mr, int nq, const int32_t* __restrict Ap,
                                               const uint8_t* __restrict Bp, float* C, long ldc, int ncols,
                                               const float* scale, const int32_t* comp) {
  constexpr int NR = 16 * NV;
  __m512i c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) c[r][v] = _mm512_setzero_si512();
  for (int q = 0; q < nq; ++q) {
    __m512i b[NV];
#pragma GCC unroll 32
    for (int v = 0; v < NV; ++v) b[v] = _mm512_load_si512(Bp + 64 * v);
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 8 * NR * 4), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m512i a = _mm512_set1_epi32(Ap[r]);
#pragma GCC unroll 32
      for (int v = 0; v < NV; ++v) c[r][v] = dpbusd(c[r][v], b[v], a);
    }
    Ap += MR;
    Bp += NR * 4;
  }
  store_tile<MR, NV>(c, mr, C, ldc, ncols, scale, comp);
}

}  // namespace

void igemm_ukr_avx512vnni_6x64(int mr, int nq, const int32_t* Ap, const uint8_t* Bp, float* C, long ldc, int ncols,
                               const float* scale, const int32_t* comp) {
  ukr<6, 4>(mr, nq, Ap, Bp, C, ldc, ncols, scale, comp);
}
void igemm_ukr_avx512vnni_8x48(int mr, int nq, const int32_t* Ap, const uint8_t* Bp, float* C, long ldc, int ncols,
                               const float* scale, const int32_t* comp) {
  ukr<8, 3>(mr, nq, Ap, Bp, C, ldc, ncols, scale, comp);
}
void igemm_ukr_avx512vnni_12x32(int mr, int nq, const int32_t* Ap, const uint8_t* Bp, float* C, long ldc,
                                int ncols, const float* scale, const int32_t* comp) {
  ukr<12, 2>(mr, nq, Ap, Bp, C, ldc, ncols, scale, comp);
}

}  // namespace claimbench::dense::igemm_detail
#endif  // x86
