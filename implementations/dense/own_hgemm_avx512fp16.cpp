// AVX512-FP16 microkernel and driver of own_hgemm.hpp. Compiled with -mavx512fp16.
#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "dense/own_hgemm.hpp"

namespace claimbench::dense::detail {
namespace {

constexpr int NR = 64;

// acc += broadcast(*a) · b with the broadcast embedded in the FMA (m16{1to32}): a pure load.
// A separate vpbroadcastw zmm, m16 is a port-5 uop (measured here: 1 per cycle), so 6 of
// them per 12 FMAs held the kernel to 2/3 of the two FMA ports; GCC 12 does not fold the
// intrinsics' set1 into the FMA, hence the asm.
inline __attribute__((always_inline)) __m512h fmadd_broadcast(__m512h acc, __m512h b, const uint16_t* a) {
  __asm__("vfmadd231ph %2%{1to32%}, %1, %0" : "+v"(acc) : "v"(b), "m"(*a));
  return acc;
}

// Rows [0, MR) of a 6×64 tile, k in [k0, k1): fp16 sums, then widened and added to C.
template <int MR>
void tile(const uint16_t* A, int lda, const uint16_t* Bp, float* C, int ldc, int k0, int k1, int cols, bool first) {
  __m512h acc[MR][2];
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ph();
  for (int k = k0; k < k1; ++k) {
    const __m512h b0 = _mm512_castsi512_ph(_mm512_loadu_si512(Bp + static_cast<std::size_t>(k) * NR));
    const __m512h b1 = _mm512_castsi512_ph(_mm512_loadu_si512(Bp + static_cast<std::size_t>(k) * NR + 32));
#pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      const uint16_t* a = A + static_cast<std::size_t>(r) * lda + k;
      acc[r][0] = fmadd_broadcast(acc[r][0], b0, a);
      acc[r][1] = fmadd_broadcast(acc[r][1], b1, a);
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) {
    float* c = C + static_cast<std::size_t>(r) * ldc;
    for (int h = 0; h < 2; ++h) {
      const __m512 lo = _mm512_cvtxph_ps(_mm512_castph512_ph256(acc[r][h]));
      const __m512 hi = _mm512_cvtxph_ps(_mm256_castsi256_ph(
          _mm512_maskz_extracti64x4_epi64(0xFF, _mm512_castph_si512(acc[r][h]), 1)));
      const __m512 parts[2] = {lo, hi};
      for (int q = 0; q < 2; ++q) {
        const int col = h * 32 + q * 16;
        const int n = std::min(16, cols - col);
        if (n <= 0) continue;
        const __mmask16 m = n >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << n) - 1);
        const __m512 old = first ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m, c + col);
        _mm512_mask_storeu_ps(c + col, m, _mm512_add_ps(old, parts[q]));
      }
    }
  }
}

// One 64-column panel [j0, j0 + cols) for row tiles [t0, t1), B packed by the caller.
void panel(const uint16_t* A, int lda, const uint16_t* Bp, float* C, int ldc, int K, int j0, int cols, int t0, int t1,
           int M) {
  // K blocks outside the row tiles: the panel's 256-k block (32 KiB) stays in L1 while every
  // row tile uses it, instead of streaming the whole K×64 panel from L2 per tile.
  for (int k0 = 0; k0 < K; k0 += kHgemmKBlock) {
    const int k1 = std::min(K, k0 + kHgemmKBlock);
    const bool first = k0 == 0;
    for (int t = t0; t < t1; ++t) {
      const int i0 = t * 6, rows = std::min(6, M - i0);
      const uint16_t* a = A + static_cast<std::size_t>(i0) * lda;
      float* c = C + static_cast<std::size_t>(i0) * ldc + j0;
      switch (rows) {
        case 6: tile<6>(a, lda, Bp, c, ldc, k0, k1, cols, first); break;
        case 5: tile<5>(a, lda, Bp, c, ldc, k0, k1, cols, first); break;
        case 4: tile<4>(a, lda, Bp, c, ldc, k0, k1, cols, first); break;
        case 3: tile<3>(a, lda, Bp, c, ldc, k0, k1, cols, first); break;
        case 2: tile<2>(a, lda, Bp, c, ldc, k0, k1, cols, first); break;
        default: tile<1>(a, lda, Bp, c, ldc, k0, k1, cols, first); break;
      }
    }
  }
}

void pack(const uint16_t* B, int ldb, int K, int j0, int cols, uint16_t* dst) {
  for (int k = 0; k < K; ++k, dst += NR) {
    std::memcpy(dst, B + static_cast<std::size_t>(k) * ldb + j0, sizeof(uint16_t) * cols);
    std::fill(dst + cols, dst + NR, uint16_t{0});
  }
}

}  // namespace

// Threads: one parallel region for the whole product. With at least as many 64-column panels
// as threads, each thread packs and computes its own panels (no barrier until the end);
// otherwise every thread packs the one panel and takes a share of the row tiles. (One region
// per panel, as before, put a barrier after each of the N/64 panels: under CPU contention
// from other processes two threads ran 3× slower than one.)
void hgemm_avx512fp16(const uint16_t* A, int lda, const uint16_t* B, int ldb, float* C, int ldc, int M, int N, int K,
                      int threads) {
  if (M <= 0 || N <= 0) return;
  if (K == 0) {
    for (int i = 0; i < M; ++i) std::fill(C + static_cast<std::size_t>(i) * ldc, C + static_cast<std::size_t>(i) * ldc + N, 0.0f);
    return;
  }
  const int panels = (N + NR - 1) / NR, row_tiles = (M + 5) / 6;
  const bool split_cols = panels >= threads;
  threads = std::max(1, std::min(threads, split_cols ? panels : row_tiles));
#pragma omp parallel num_threads(threads)
  {
    thread_local std::vector<uint16_t> packed;
    packed.resize(static_cast<std::size_t>(K) * NR);
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int p0 = split_cols ? static_cast<int>(static_cast<long>(panels) * t / nt) : 0;
    const int p1 = split_cols ? static_cast<int>(static_cast<long>(panels) * (t + 1) / nt) : panels;
    const int t0 = split_cols ? 0 : static_cast<int>(static_cast<long>(row_tiles) * t / nt);
    const int t1 = split_cols ? row_tiles : static_cast<int>(static_cast<long>(row_tiles) * (t + 1) / nt);
    for (int p = p0; p < p1; ++p) {
      const int j0 = p * NR, cols = std::min(NR, N - j0);
      pack(B, ldb, K, j0, cols, packed.data());
      panel(A, lda, packed.data(), C, ldc, K, j0, cols, t0, t1, M);
    }
  }
}

}  // namespace claimbench::dense::detail
