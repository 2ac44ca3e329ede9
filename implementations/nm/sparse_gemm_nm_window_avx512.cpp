// AVX-512 N:M kernel for few columns of B (decode: one to a few tokens). Lanes are 16 output
// rows; each kept weight picks its activation from a 16-wide window of k with a permute, so
// the weights stream once, at 4.5 bytes per kept value (value + 4-bit position in the window),
// against 4 bytes per weight for a dense GEMV. Compiled with AVX-512 flags (see kernels.cmake).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

#include "common/few_column_tiles_avx512.hpp"

namespace claimbench::nm::detail {
namespace {

// Rows [16·rb, 16·rb + 16) × columns [0, T): for every 16-wide window of k, slots_per_window
// value vectors (one per kept slot, lane = row) and slots_per_window/2 vectors of 16 bytes,
// each byte holding two slots' window positions (low nibble: even slot). Filler slots hold
// value 0 and are masked, so a NaN or Inf in an activation they point at never reaches C.
template <int T>
inline __attribute__((always_inline)) void window_tile(int windows, int slots_per_window,
                                                       const float* __restrict values,
                                                       const uint8_t* __restrict index,
                                                       const float* __restrict Bt, long ldbt,
                                                       float* __restrict C, long ldc, int rows) {
  __m512 acc[T];
#pragma GCC unroll 8
  for (int t = 0; t < T; ++t) acc[t] = _mm512_setzero_ps();
  const __m512i low4 = _mm512_set1_epi32(15);
  for (int w = 0; w < windows; ++w) {
    __m512 x[T];
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) x[t] = _mm512_loadu_ps(Bt + t * ldbt + 16 * w);
    for (int q = 0; q < slots_per_window; q += 2, values += 32, index += 16) {
      // maskz forms: GCC 12 warns about the unmasked ones' undefined pass-through operand.
      const __m512i nib = _mm512_maskz_cvtepu8_epi32(
          0xFFFF, _mm_loadu_si128(reinterpret_cast<const __m128i*>(index)));
      const __m512i i0 = _mm512_and_si512(nib, low4);
      const __m512i i1 = _mm512_maskz_srli_epi32(0xFFFF, nib, 4);
      const __m512 v0 = _mm512_loadu_ps(values);
      const __m512 v1 = _mm512_loadu_ps(values + 16);
      const __mmask16 k0 = _mm512_cmpneq_ps_mask(v0, _mm512_setzero_ps());
      const __mmask16 k1 = _mm512_cmpneq_ps_mask(v1, _mm512_setzero_ps());
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) {
        acc[t] = _mm512_fmadd_ps(v0, _mm512_maskz_permutexvar_ps(k0, i0, x[t]), acc[t]);
        acc[t] = _mm512_fmadd_ps(v1, _mm512_maskz_permutexvar_ps(k1, i1, x[t]), acc[t]);
      }
    }
  }
  kernels::scatter_lane_rows<T>(acc, C, ldc, rows);
}

}  // namespace

// Columns of B are processed in chunks of at most 8; Bt holds B transposed (row t = column t,
// zero beyond K up to 16·windows), C rows are 16·rb.. (C points at the first).
void nm_window_tile_avx512(int columns, int windows, int slots_per_window, const float* values,
                           const uint8_t* index, const float* Bt, long ldbt, float* C, long ldc,
                           int rows) {
  kernels::with_column_count(columns, [&](auto T) {
    window_tile<T>(windows, slots_per_window, values, index, Bt, ldbt, C, ldc, rows);
  });
}

}  // namespace claimbench::nm::detail

#endif  // x86
