// 2:4 int8 sparse GEMM driver: operand preparation and dispatch (baseline ISA). The
// VNNI+VBMI microkernels live in sparse_gemm_nm_int8_avx512.cpp.
#include "nm/sparse_gemm_nm_int8.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#endif

#include <array>
#include <cstring>
#include <stdexcept>

#include "dense/own_igemm.hpp"
#include "dense/own_igemm_driver.hpp"

namespace claimbench::nm {

namespace {

// The vpshufb control bytes of row `which` (0: r, 1: r') of a pair for one span whose 4 kept
// positions are meta (2 bits each): output byte 8·col + 4·which + t takes source byte
// 8·col + 4·(t / 2) + position_t (col: the lane's two columns).
void set_pair_control(NM24Int8PairEntry& e, int which, uint32_t meta) {
  for (int col = 0; col < 2; ++col)
    for (int t = 0; t < 4; ++t)
      e.control[8 * col + 4 * which + t] = static_cast<uint8_t>(8 * col + 4 * (t / 2) + ((meta >> (2 * t)) & 3));
}

}  // namespace

NM24Int8Operand prepare_nm24_int8(const CompressedNM& c, const int8_t* q, const float* scale, float s_x, int mr,
                                  NM24Int8Layout layout) {
  if (c.n != 2 || c.m != 4) throw std::invalid_argument("the int8 2:4 kernel needs a 2:4 operand");
  if (layout == NM24Int8Layout::row_pairs && mr % 2 != 0)
    throw std::invalid_argument("the row-pair int8 2:4 layout needs an even register tile height");
  NM24Int8Operand op;
  op.layout = layout;
  op.M = c.rows;
  op.K = c.cols;
  op.mr = mr;
  op.spans = (c.cols + 7) / 8;
  const int M = c.rows, K = c.cols, spr = c.slots_per_row();
  op.values.assign(static_cast<std::size_t>(M) * spr, 0);
  op.metadata = c.metadata;
  op.format_bytes = op.values.size() + op.metadata.size();
  const int panels = (M + mr - 1) / mr;
  if (layout == NM24Int8Layout::gather) {
    op.packed.assign(static_cast<std::size_t>(panels) * op.spans * mr, NM24Int8Entry{0, 0});
  } else {
    // Rows past M: weight 0 at positions 0, 1 of each group (valid, harmless).
    NM24Int8PairEntry pad{};
    set_pair_control(pad, 0, 0b01000100u);
    set_pair_control(pad, 1, 0b01000100u);
    op.pairs.assign(static_cast<std::size_t>(panels) * op.spans * (mr / 2), pad);
  }
  op.row_scale.assign(static_cast<std::size_t>(panels) * mr, 0.0f);
  op.comp.assign(static_cast<std::size_t>(panels) * mr, 0);
  for (int i = 0; i < M; ++i) {
    int32_t sum = 0;
    for (int s = 0; s < spr; ++s) {
      const int col = c.column(i, s);
      const float v = c.values[static_cast<std::size_t>(i) * spr + s];
      const bool kept = v != 0.0f && col < K;
      const int8_t w = kept ? q[static_cast<std::size_t>(i) * K + col] : 0;
      op.values[static_cast<std::size_t>(i) * spr + s] = w;
      op.kept += kept;
      sum += w;
    }
    for (int sp = 0; sp < op.spans; ++sp) {
      uint32_t word = 0, meta = 0;
      for (int t = 0; t < 4; ++t) {
        const int slot = 4 * sp + t;  // groups 2sp, 2sp+1; slots 2 per group
        int8_t w = 0;
        int pos = t & 1;              // a missing trailing group: positions 0, 1 with weight 0
        if (slot < spr) {
          w = op.values[static_cast<std::size_t>(i) * spr + slot];
          pos = c.position(i, slot);
        }
        word |= static_cast<uint32_t>(static_cast<uint8_t>(w)) << (8 * t);
        meta |= static_cast<uint32_t>(pos) << (2 * t);
      }
      if (layout == NM24Int8Layout::gather) {
        op.packed[(static_cast<std::size_t>(i / mr) * op.spans + sp) * mr + (i % mr)] =
            NM24Int8Entry{static_cast<int32_t>(word), meta * 64u};
      } else {
        NM24Int8PairEntry& e = op.pairs[(static_cast<std::size_t>(i / mr) * op.spans + sp) * (mr / 2) + (i % mr) / 2];
        e.weights[(i % mr) & 1] = static_cast<int32_t>(word);
        set_pair_control(e, (i % mr) & 1, meta);
      }
    }
    op.row_scale[i] = scale[i] * s_x;
    op.comp[i] = 128 * sum;
  }
  return op;
}

namespace int8_detail {

using Ukr = void (*)(int mr, int nspans, const NM24Int8Entry* Ep, const uint8_t* Bp, float* C, long ldc, int ncols,
                     const float* scale, const int32_t* comp);
#if defined(__x86_64__) || defined(__i386__)
void nm24_int8_ukr_avx512vnni_4x64(int, int, const NM24Int8Entry*, const uint8_t*, float*, long, int, const float*,
                                   const int32_t*);
void nm24_int8_ukr_avx512vnni_6x32(int, int, const NM24Int8Entry*, const uint8_t*, float*, long, int, const float*,
                                   const int32_t*);
void nm24_int8_ukr_avx512vnni_2x128(int, int, const NM24Int8Entry*, const uint8_t*, float*, long, int, const float*,
                                    const int32_t*);
using PairUkr = void (*)(int mr, int nspans, const NM24Int8PairEntry* Ep, const uint8_t* Bp, float* C, long ldc,
                         int ncols, const float* scale, const int32_t* comp);
void nm24_int8_pairs_avx512vnni_8x32(int, int, const NM24Int8PairEntry*, const uint8_t*, float*, long, int, const float*,
                                     const int32_t*);
void nm24_int8_pairs_avx512vnni_4x64(int, int, const NM24Int8PairEntry*, const uint8_t*, float*, long, int, const float*,
                                     const int32_t*);
void nm24_int8_pairs_avx512vnni_6x48(int, int, const NM24Int8PairEntry*, const uint8_t*, float*, long, int, const float*,
                                     const int32_t*);
void nm24_int8_pairs_avxvnni_4x16(int, int, const NM24Int8PairEntry*, const uint8_t*, float*, long, int, const float*,
                                  const int32_t*);
#endif

namespace {

// B (u8, K×N, ldb) columns [j0, j0+nr) → [span < spans][NR][8 bytes]: one qword per column
// and 8-k span; k >= K and columns >= nr hold 128 (the zero point, value 0).
void pack_b_octets_u8(const uint8_t* B, long ldb, int K, int spans, int j0, int nr, int NR, uint8_t* dst) {
  static const uint8_t zero_point[16] = {128, 128, 128, 128, 128, 128, 128, 128,
                                         128, 128, 128, 128, 128, 128, 128, 128};
  for (int sp = 0; sp < spans; ++sp) {
    uint8_t* d = dst + static_cast<std::size_t>(sp) * NR * 8;
    const uint8_t* r[8];
    for (int t = 0; t < 8; ++t) r[t] = 8 * sp + t < K ? B + static_cast<long>(8 * sp + t) * ldb + j0 : nullptr;
    int c = 0;
#if defined(__x86_64__) || defined(__i386__)
    // 8 rows × 16 columns → 16 column qwords: a byte, word and dword interleave (SSE2).
    for (; c + 16 <= nr; c += 16) {
      __m128i x[8];
      for (int t = 0; t < 8; ++t)
        x[t] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r[t] ? r[t] + c : zero_point));
      __m128i a[8], b[8];
      for (int t = 0; t < 4; ++t) {
        a[2 * t] = _mm_unpacklo_epi8(x[2 * t], x[2 * t + 1]);      // columns 0-7, rows 2t, 2t+1
        a[2 * t + 1] = _mm_unpackhi_epi8(x[2 * t], x[2 * t + 1]);  // columns 8-15
      }
      for (int h = 0; h < 2; ++h)
        for (int q = 0; q < 2; ++q) {  // rows 4q..4q+3, column half h
          b[4 * h + 2 * q] = _mm_unpacklo_epi16(a[4 * q + h], a[4 * q + 2 + h]);      // columns 8h+0..3
          b[4 * h + 2 * q + 1] = _mm_unpackhi_epi16(a[4 * q + h], a[4 * q + 2 + h]);  // columns 8h+4..7
        }
      __m128i* o = reinterpret_cast<__m128i*>(d + 8 * c);
      for (int g = 0; g < 4; ++g) {  // columns 4g..4g+3: rows 0-3 in b[2g'], rows 4-7 in b[2g'+2]
        const __m128i lo = b[(g / 2) * 4 + (g % 2)], hi = b[(g / 2) * 4 + 2 + (g % 2)];
        _mm_storeu_si128(o + 2 * g, _mm_unpacklo_epi32(lo, hi));
        _mm_storeu_si128(o + 2 * g + 1, _mm_unpackhi_epi32(lo, hi));
      }
    }
#endif
    for (; c < nr; ++c)
      for (int t = 0; t < 8; ++t) d[8 * c + t] = r[t] ? r[t][c] : 128;
    if (nr < NR) std::memset(d + 8 * nr, 128, static_cast<std::size_t>(NR - nr) * 8);
  }
}

template <int MR, int NR, PairUkr U>
void run_pairs(const NM24Int8Operand& a, const uint8_t* B, int ldb, int N, float* C, int ldc, int threads) {
  if (a.mr != MR || a.layout != NM24Int8Layout::row_pairs)
    throw std::invalid_argument("int8 2:4 operand was packed for a different register tile or layout");
  // 256 k per block (32 spans), the dense int8 kernel's K block: same int32 block sums, same
  // fp32 scaling sequence, so the two agree bit for bit.
  constexpr int KCS = 32;
  constexpr int MC = MR * 48;
  const std::size_t panel_bytes = static_cast<std::size_t>(a.spans) * NR * 8;
  claimbench::dense::lowp_detail::lowp_driver(
      a.M, N, a.spans, MR, NR, KCS, MC, panel_bytes, C, ldc, threads,
      [&](int j0, int nr, unsigned char* dst) { pack_b_octets_u8(B, ldb, a.K, a.spans, j0, nr, NR, dst); },
      [&](int i, int mr, int s0, int s1, const unsigned char* bp, float* c, int nc, bool first) {
        U(mr, s1 - s0, a.pairs.data() + (static_cast<std::size_t>(i / MR) * a.spans + s0) * (MR / 2),
          bp + static_cast<std::size_t>(s0) * NR * 8, c, ldc, nc, a.row_scale.data() + i,
          first ? a.comp.data() + i : nullptr);
      });
}

#if defined(__x86_64__) || defined(__i386__)
bool has_avx_vnni() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("avxvnni");
}
#endif

template <int MR, int NR, Ukr U>
void run_with(const NM24Int8Operand& a, const uint8_t* B, int ldb, int N, float* C, int ldc, int threads) {
  if (a.mr != MR || a.layout != NM24Int8Layout::gather)
    throw std::invalid_argument("int8 2:4 operand was packed for a different register tile or layout");
  constexpr int KCQ = 64;      // 256 k per block (32 spans)
  constexpr int MC = MR * 48;
  const int kq = 2 * a.spans;
  const std::size_t panel_bytes = static_cast<std::size_t>(kq) * NR * 4;
  claimbench::dense::lowp_detail::lowp_driver(
      a.M, N, kq, MR, NR, KCQ, MC, panel_bytes, C, ldc, threads,
      [&](int j0, int nr, unsigned char* dst) {
        claimbench::dense::lowp_detail::pack_b_quads_u8(B, ldb, a.K, kq, j0, nr, NR, dst);
      },
      [&](int i, int mr, int q0, int q1, const unsigned char* bp, float* c, int nc, bool first) {
        const int panel = i / MR;
        U(mr, (q1 - q0) / 2, a.packed.data() + (static_cast<std::size_t>(panel) * a.spans + q0 / 2) * MR,
          bp + static_cast<std::size_t>(q0) * NR * 4, c, ldc, nc, a.row_scale.data() + i,
          first ? a.comp.data() + i : nullptr);
      });
}

#if defined(__x86_64__) || defined(__i386__)
// Best first: the order is the dispatch preference. The gather variants are kept as the
// measured comparison (see the header: bound by vpermt2b).
constexpr auto kGather = NM24Int8Layout::gather;
constexpr auto kPairs = NM24Int8Layout::row_pairs;
constexpr std::array kVariants{
    NM24Int8Variant{"nm.2of4.int8.8x32.avx512vnni", "avx512vnni", 8, 32, kPairs, claimbench::dense::cpu_has_avx512_vnni,
                    run_pairs<8, 32, nm24_int8_pairs_avx512vnni_8x32>},
    NM24Int8Variant{"nm.2of4.int8.4x64.pairs.avx512vnni", "avx512vnni", 4, 64, kPairs,
                    claimbench::dense::cpu_has_avx512_vnni, run_pairs<4, 64, nm24_int8_pairs_avx512vnni_4x64>},
    NM24Int8Variant{"nm.2of4.int8.6x48.avx512vnni", "avx512vnni", 6, 48, kPairs, claimbench::dense::cpu_has_avx512_vnni,
                    run_pairs<6, 48, nm24_int8_pairs_avx512vnni_6x48>},
    NM24Int8Variant{"nm.2of4.int8.4x16.avxvnni", "avxvnni", 4, 16, kPairs, has_avx_vnni,
                    run_pairs<4, 16, nm24_int8_pairs_avxvnni_4x16>},
    NM24Int8Variant{"nm.2of4.int8.4x64.avx512vnni", "avx512vnni+vbmi", 4, 64, kGather,
                    claimbench::dense::cpu_has_avx512_vbmi, run_with<4, 64, nm24_int8_ukr_avx512vnni_4x64>},
    NM24Int8Variant{"nm.2of4.int8.6x32.avx512vnni", "avx512vnni+vbmi", 6, 32, kGather,
                    claimbench::dense::cpu_has_avx512_vbmi, run_with<6, 32, nm24_int8_ukr_avx512vnni_6x32>},
    NM24Int8Variant{"nm.2of4.int8.2x128.avx512vnni", "avx512vnni+vbmi", 2, 128, kGather,
                    claimbench::dense::cpu_has_avx512_vbmi, run_with<2, 128, nm24_int8_ukr_avx512vnni_2x128>},
};
#else
constexpr std::array<NM24Int8Variant, 0> kVariants{};
#endif

}  // namespace
}  // namespace int8_detail

std::span<const NM24Int8Variant> nm24_int8_variants() { return int8_detail::kVariants; }

const NM24Int8Variant* best_nm24_int8_variant() {
  for (const auto& v : int8_detail::kVariants)
    if (v.available()) return &v;
  return nullptr;
}

}  // namespace claimbench::nm
