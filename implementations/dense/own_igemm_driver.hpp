// Internal: blocking / threading driver and activation packing shared by the int8 dense and
// int8 2:4 kernels (baseline ISA + SSE2 only).
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#endif

#include "common/aligned_scratch.hpp"

namespace claimbench::dense::lowp_detail {

using AlignedBytes = kernels::AlignedScratch<unsigned char>;

inline AlignedBytes& thread_panel_buffer() {
  thread_local AlignedBytes buf;
  return buf;
}

// Pack B (u8, K×N, ldb) columns [j0, j0+nr) into [quad q < kq][NR][4]; k >= K and columns
// >= nr are filled with 128 (the zero point, i.e. value 0).
inline void pack_b_quads_u8(const uint8_t* B, long ldb, int K, int kq, int j0, int nr, int NR, uint8_t* dst) {
  for (int q = 0; q < kq; ++q) {
    uint8_t* d = dst + static_cast<std::size_t>(q) * NR * 4;
    const int k0 = 4 * q;
    const uint8_t* r[4];
    static const uint8_t zeros[16] = {128, 128, 128, 128, 128, 128, 128, 128,
                                      128, 128, 128, 128, 128, 128, 128, 128};
    bool full = true;
    for (int t = 0; t < 4; ++t) {
      if (k0 + t < K) {
        r[t] = B + static_cast<long>(k0 + t) * ldb + j0;
      } else {
        r[t] = nullptr;
        full = false;
      }
    }
    int c = 0;
#if defined(__x86_64__) || defined(__i386__)
    for (; c + 16 <= nr; c += 16) {
      const __m128i x0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r[0] ? r[0] + c : zeros));
      const __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r[1] ? r[1] + c : zeros));
      const __m128i x2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r[2] ? r[2] + c : zeros));
      const __m128i x3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r[3] ? r[3] + c : zeros));
      const __m128i t0 = _mm_unpacklo_epi8(x0, x1), t1 = _mm_unpackhi_epi8(x0, x1);
      const __m128i t2 = _mm_unpacklo_epi8(x2, x3), t3 = _mm_unpackhi_epi8(x2, x3);
      __m128i* o = reinterpret_cast<__m128i*>(d + 4 * c);
      _mm_storeu_si128(o + 0, _mm_unpacklo_epi16(t0, t2));
      _mm_storeu_si128(o + 1, _mm_unpackhi_epi16(t0, t2));
      _mm_storeu_si128(o + 2, _mm_unpacklo_epi16(t1, t3));
      _mm_storeu_si128(o + 3, _mm_unpackhi_epi16(t1, t3));
    }
#endif
    (void)full;
    for (; c < nr; ++c)
      for (int t = 0; t < 4; ++t) d[4 * c + t] = r[t] ? r[t][c] : 128;
    if (nr < NR) std::memset(d + 4 * nr, 128, static_cast<std::size_t>(NR - nr) * 4);
  }
}

// ukr(i, mr, q0, q1, Bp /* panel at quad 0 */, C /* at (i, j0) */, ncols, first_block)
// KCQ: quads per K block (even). MC: rows per block (multiple of MR).
template <class Pack, class Ukr>
void lowp_driver(int M, int N, int kq, int MR, int NR, int KCQ, int MC, std::size_t panel_bytes, float* C, long ldc,
                 int threads, Pack&& pack, Ukr&& ukr) {
  if (M <= 0 || N <= 0) return;
  if (kq == 0) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[i * ldc + j] = 0.0f;
    return;
  }
  const int panels = (N + NR - 1) / NR;
  const int rowblocks = (M + MR - 1) / MR;
  const bool split_cols = panels >= threads;
  threads = std::max(1, std::min(threads, split_cols ? panels : rowblocks));
  auto body = [&](int p0, int p1, int r0, int r1) {
    if (p1 <= p0 || r1 <= r0) return;
    unsigned char* buf = thread_panel_buffer().get(panel_bytes * (p1 - p0));
    for (int p = p0; p < p1; ++p) pack(p * NR, std::min(NR, N - p * NR), buf + panel_bytes * (p - p0));
    for (int q0 = 0; q0 < kq; q0 += KCQ) {
      const int q1 = std::min(kq, q0 + KCQ);
      for (int ic = r0; ic < r1; ic += MC) {
        const int ie = std::min(r1, ic + MC);
        for (int p = p0; p < p1; ++p) {
          const int j0 = p * NR;
          const int nc = std::min(NR, N - j0);
          const unsigned char* bp = buf + panel_bytes * (p - p0);
          for (int i = ic; i < ie; i += MR) ukr(i, std::min(MR, ie - i), q0, q1, bp, C + i * ldc + j0, nc, q0 == 0);
        }
      }
    }
  };
  if (threads == 1) {
    body(0, panels, 0, M);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int nt = omp_get_num_threads();
    if (split_cols) {
      body(static_cast<int>(static_cast<long>(panels) * t / nt), static_cast<int>(static_cast<long>(panels) * (t + 1) / nt),
           0, M);
    } else {
      const int u0 = static_cast<int>(static_cast<long>(rowblocks) * t / nt);
      const int u1 = static_cast<int>(static_cast<long>(rowblocks) * (t + 1) / nt);
      body(0, panels, u0 * MR, std::min(M, u1 * MR));
    }
  }
}

}  // namespace claimbench::dense::lowp_detail
