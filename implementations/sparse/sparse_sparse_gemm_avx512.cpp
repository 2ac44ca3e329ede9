// AVX-512 fiber matcher: a 16-entry window of the longer fiber against broadcast query
// indices of the shorter one (see sparse_sparse_gemm.hpp).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "sparse/sparse_sparse_gemm.hpp"

namespace claimbench::sparse::detail {
namespace {

// Horizontal sums with explicit extracts: GCC 12's _mm512_reduce_add_* and 512→256 casts trip
// -Wmaybe-uninitialized inside its own header.
inline float sum16(__m512 v) {
  const __m256 a = _mm256_add_ps(_mm512_extractf32x8_ps(v, 0), _mm512_extractf32x8_ps(v, 1));
  __m128 b = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
  b = _mm_add_ps(b, _mm_movehl_ps(b, b));
  b = _mm_add_ss(b, _mm_movehdup_ps(b));
  return _mm_cvtss_f32(b);
}

inline int sum16(__m512i v) {
  const __m256i a = _mm256_add_epi32(_mm512_extracti32x8_epi32(v, 0), _mm512_extracti32x8_epi32(v, 1));
  __m128i b = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
  b = _mm_add_epi32(b, _mm_shuffle_epi32(b, 0x4E));
  b = _mm_add_epi32(b, _mm_shuffle_epi32(b, 0xB1));
  return _mm_cvtsi128_si32(b);
}

template <bool Count>
inline float match(const int32_t* __restrict qi, const float* __restrict qv, int qn,
                   const int32_t* __restrict wi, const float* __restrict wv, int wn,
                   IntersectCounts& tally) {
  if (qn == 0 || wn == 0) return 0.0f;
  // Four accumulators in rotation: a match's masked FMA depends on the one four queries back,
  // not on the previous one, so the FMA latency does not serialise the search.
  __m512 acc = _mm512_setzero_ps(), acc1 = acc, acc2 = acc, acc3 = acc;
  __m512i hits = _mm512_setzero_si512();
  int p = 0;
  __m512i win = _mm512_loadu_si512(wi);
  __m512 wval = _mm512_loadu_ps(wv);
  int32_t wmax = wi[15];
  std::uint64_t windows = 1;
  int q = 0;
  for (; q < qn; ++q) {
    const int32_t k = qi[q];
    if (k > wmax) {
      do {
        p += 16;
        if (p >= wn) goto done;
        wmax = wi[p + 15];
      } while (k > wmax);
      win = _mm512_loadu_si512(wi + p);
      wval = _mm512_loadu_ps(wv + p);
      ++windows;
    }
    const __mmask16 m = _mm512_cmpeq_epi32_mask(win, _mm512_set1_epi32(k));
    const __m512 next = _mm512_mask3_fmadd_ps(wval, _mm512_set1_ps(qv[q]), acc, m);
    acc = acc1;
    acc1 = acc2;
    acc2 = acc3;
    acc3 = next;
    if constexpr (Count) hits = _mm512_mask_sub_epi32(hits, m, hits, _mm512_set1_epi32(-1));
  }
done:
  if constexpr (Count) {
    tally.matches += static_cast<std::uint64_t>(sum16(hits));
    tally.queries += static_cast<std::uint64_t>(q);
    tally.windows += windows;
  }
  return sum16(_mm512_add_ps(_mm512_add_ps(acc, acc1), _mm512_add_ps(acc2, acc3)));
}

template <bool Count>
void rows(const Fibers& w, const Fibers& x, float* C, long ldc, int r0, int r1, IntersectCounts& tally) {
  for (int i = r0; i < r1; ++i) {
    const int32_t* ai = w.index.data() + w.start[i];
    const float* av = w.value.data() + w.start[i];
    const int an = w.length[i];
    float* out = C + i * ldc;
    for (int j = 0; j < x.count; ++j) {
      const int32_t* bi = x.index.data() + x.start[j];
      const float* bv = x.value.data() + x.start[j];
      const int bn = x.length[j];
      out[j] = an <= bn ? match<Count>(ai, av, an, bi, bv, bn, tally)
                        : match<Count>(bi, bv, bn, ai, av, an, tally);
    }
  }
}

}  // namespace

void intersect_rows_avx512(const Fibers& w, const Fibers& x, float* C, long ldc, int r0, int r1,
                           IntersectCounts* counts) {
  IntersectCounts tally;
  if (counts) {
    rows<true>(w, x, C, ldc, r0, r1, tally);
    counts->matches += tally.matches;
    counts->queries += tally.queries;
    counts->windows += tally.windows;
  } else {
    rows<false>(w, x, C, ldc, r0, r1, tally);
  }
}

}  // namespace claimbench::sparse::detail

#endif  // x86
