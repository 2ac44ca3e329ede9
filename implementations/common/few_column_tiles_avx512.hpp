// AVX-512 pieces of the few-column kernels (lanes = 16 output rows). Include only from files
// compiled with AVX-512 flags; everything here has internal linkage.
#pragma once

#include <immintrin.h>

#include <type_traits>

namespace claimbench::kernels {
namespace {

// Stores acc[t] (lane = row) to column t of C's first `rows` rows (rows ldc floats apart).
template <int T>
inline __attribute__((always_inline)) void scatter_lane_rows(const __m512 (&acc)[T], float* C, long ldc,
                                                             int rows) {
  const __mmask16 live = rows >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << rows) - 1u);
  const __m512i row_offsets = _mm512_mullo_epi32(
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
      _mm512_set1_epi32(static_cast<int>(ldc)));
#pragma GCC unroll 8
  for (int t = 0; t < T; ++t) _mm512_mask_i32scatter_ps(C + t, live, row_offsets, acc[t], 4);
}

// Calls tile(std::integral_constant<int, T>{}) with T = columns for 1..7, T = 8 otherwise.
template <typename Tile>
inline __attribute__((always_inline)) void with_column_count(int columns, Tile&& tile) {
  switch (columns) {
    case 1: tile(std::integral_constant<int, 1>{}); break;
    case 2: tile(std::integral_constant<int, 2>{}); break;
    case 3: tile(std::integral_constant<int, 3>{}); break;
    case 4: tile(std::integral_constant<int, 4>{}); break;
    case 5: tile(std::integral_constant<int, 5>{}); break;
    case 6: tile(std::integral_constant<int, 6>{}); break;
    case 7: tile(std::integral_constant<int, 7>{}); break;
    default: tile(std::integral_constant<int, 8>{}); break;
  }
}

}  // namespace
}  // namespace claimbench::kernels
