// 2:4 fp16 sparse GEMM driver: operand preparation, activation packing and dispatch (baseline
// ISA). The AVX512-FP16 microkernels live in sparse_gemm_nm_fp16_avx512fp16.cpp.
#include "nm/sparse_gemm_nm_fp16.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "common/half_float.hpp"
#include "dense/own_hgemm.hpp"
#include "dense/own_igemm_driver.hpp"

namespace claimbench::nm {

NM24Fp16Operand prepare_nm24_fp16(const CompressedNM& c, int mr, int nr) {
  if (c.n != 2 || c.m != 4) throw std::invalid_argument("the fp16 2:4 kernel needs a 2:4 operand");
  if (mr <= 0 || nr <= 0 || nr % 32 != 0) throw std::invalid_argument("fp16 2:4: bad register tile");
  NM24Fp16Operand op;
  op.M = c.rows;
  op.K = c.cols;
  op.mr = mr;
  op.nr = nr;
  op.groups = c.groups_per_row;
  op.format_bytes = c.values.size() * 2 + c.metadata.size();
  const int panels = (op.M + mr - 1) / mr;
  // Rows past M (the last panel's padding) keep weight 0 at row offset 0: harmless products.
  op.packed.assign(static_cast<std::size_t>(panels) * op.groups * mr, NM24Fp16Entry{{0, 0}, {0, 0}});
  const int spr = c.slots_per_row();
  for (int i = 0; i < op.M; ++i)
    for (int g = 0; g < op.groups; ++g) {
      NM24Fp16Entry e{};
      for (int t = 0; t < 2; ++t) {
        const int slot = 2 * g + t;
        const float v = c.values[static_cast<std::size_t>(i) * spr + slot];
        const int pos = c.position(i, slot);
        // A filler slot of a short last group may point past K: weight 0, and the packed
        // panel holds zero rows up to groups·4, so the load stays inside the panel.
        const bool kept = v != 0.0f && c.column(i, slot) < op.K;
        op.kept += kept;
        const uint32_t h = kept ? fp16::float_to_half(v) : 0u;
        e.weight[t] = h | h << 16;
        e.offset[t] = static_cast<uint32_t>(pos * nr * 2);
      }
      op.packed[(static_cast<std::size_t>(i / mr) * op.groups + g) * mr + i % mr] = e;
    }
  return op;
}

namespace fp16_detail {

using Ukr = void (*)(int mr, int ng, const NM24Fp16Entry* Ep, const uint16_t* Bp, float* C, long ldc, int ncols,
                     int accumulate);
#if defined(__x86_64__) || defined(__i386__)
void nm24_fp16_ukr_avx512fp16_4x128(int, int, const NM24Fp16Entry*, const uint16_t*, float*, long, int, int);
void nm24_fp16_ukr_avx512fp16_3x256(int, int, const NM24Fp16Entry*, const uint16_t*, float*, long, int, int);
void nm24_fp16_ukr_avx512fp16_6x64(int, int, const NM24Fp16Entry*, const uint16_t*, float*, long, int, int);
#endif

namespace {

// B (fp16, K×N, ldb) columns [j0, j0+nr) → rows [0, 4·groups) of NR halves; rows >= K and
// columns >= nr are +0.
void pack_panel(const uint16_t* B, int ldb, int K, int groups, int j0, int nr, int NR, uint16_t* dst) {
  for (int k = 0; k < 4 * groups; ++k) {
    uint16_t* d = dst + static_cast<std::size_t>(k) * NR;
    int c = 0;
    if (k < K) {
      std::memcpy(d, B + static_cast<std::size_t>(k) * ldb + j0, sizeof(uint16_t) * nr);
      c = nr;
    }
    std::memset(d + c, 0, sizeof(uint16_t) * (NR - c));
  }
}

// Blocking: rows outermost (MC rows), then K blocks, then NR-column panels, then MR-row tiles.
// The C block of MC rows (MC·N fp32) stays in L2 across the K blocks, and the packed B
// (all K, this thread's panels) is read from L2/L3 once per MC rows: with the K blocks
// outermost instead, C would round-trip through memory once per K block (8× per run for
// K = 1024 at KC = 128), which cost more than the kernel saved at BERT-Large sizes.
// Threads split the column panels when there are enough (each packs only its own), else rows.
template <int MR, int NR, int KC, Ukr U>
void run_with(const NM24Fp16Operand& a, const uint16_t* B, int ldb, int N, float* C, int ldc, int threads) {
  static_assert(KC % 4 == 0 && KC <= claimbench::dense::kHgemmKBlock, "fp16 sums stay within a 256-k block");
  if (a.mr != MR || a.nr != NR) throw std::invalid_argument("fp16 2:4 operand was packed for a different register tile");
  const int M = a.M;
  if (M <= 0 || N <= 0) return;
  if (a.groups == 0) {
    for (int i = 0; i < M; ++i) std::memset(C + static_cast<std::size_t>(i) * ldc, 0, sizeof(float) * N);
    return;
  }
  constexpr int MC = MR * 64;
  constexpr int KCG = KC / 4;
  const std::size_t panel_halves = static_cast<std::size_t>(a.groups) * 4 * NR;
  const int panels = (N + NR - 1) / NR;
  const int tiles = (M + MR - 1) / MR;
  const bool split_cols = panels >= threads;
  threads = std::max(1, std::min(threads, split_cols ? panels : tiles));
  auto body = [&](int p0, int p1, int r0, int r1) {
    if (p1 <= p0 || r1 <= r0) return;
    uint16_t* buf = reinterpret_cast<uint16_t*>(
        claimbench::dense::lowp_detail::thread_panel_buffer().get(panel_halves * 2 * (p1 - p0)));
    for (int p = p0; p < p1; ++p)
      pack_panel(B, ldb, a.K, a.groups, p * NR, std::min(NR, N - p * NR), NR, buf + panel_halves * (p - p0));
    for (int ic = r0; ic < r1; ic += MC) {
      const int ie = std::min(r1, ic + MC);
      for (int g0 = 0; g0 < a.groups; g0 += KCG) {
        const int g1 = std::min(a.groups, g0 + KCG);
        for (int p = p0; p < p1; ++p) {
          const int j0 = p * NR;
          const uint16_t* bp = buf + panel_halves * (p - p0) + static_cast<std::size_t>(g0) * 4 * NR;
          for (int i = ic; i < ie; i += MR)
            U(std::min(MR, ie - i), g1 - g0, a.packed.data() + (static_cast<std::size_t>(i / MR) * a.groups + g0) * MR,
              bp, C + static_cast<std::size_t>(i) * ldc + j0, ldc, std::min(NR, N - j0), g0 != 0);
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
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    if (split_cols) {
      body(static_cast<int>(static_cast<long>(panels) * t / nt), static_cast<int>(static_cast<long>(panels) * (t + 1) / nt),
           0, M);
    } else {
      const int u0 = static_cast<int>(static_cast<long>(tiles) * t / nt);
      const int u1 = static_cast<int>(static_cast<long>(tiles) * (t + 1) / nt);
      body(0, panels, u0 * MR, std::min(M, u1 * MR));
    }
  }
}

#if defined(__x86_64__) || defined(__i386__)
// Preference order (measured on BERT-Large FFN shapes at 512 tokens: 3x256 ahead of 4x128 by
// about 10%); best_nm24_fp16_variant(N) skips a variant whose panels would pad more columns.
constexpr std::array kVariants{
    NM24Fp16Variant{"nm.2of4.fp16.3x256.avx512fp16", "avx512fp16", 3, 256, 64, claimbench::dense::cpu_has_avx512_fp16,
                    run_with<3, 256, 64, nm24_fp16_ukr_avx512fp16_3x256>},
    NM24Fp16Variant{"nm.2of4.fp16.4x128.avx512fp16", "avx512fp16", 4, 128, 128, claimbench::dense::cpu_has_avx512_fp16,
                    run_with<4, 128, 128, nm24_fp16_ukr_avx512fp16_4x128>},
    NM24Fp16Variant{"nm.2of4.fp16.6x64.avx512fp16", "avx512fp16", 6, 64, 256, claimbench::dense::cpu_has_avx512_fp16,
                    run_with<6, 64, 256, nm24_fp16_ukr_avx512fp16_6x64>},
};
#else
constexpr std::array<NM24Fp16Variant, 0> kVariants{};
#endif

}  // namespace
}  // namespace fp16_detail

std::span<const NM24Fp16Variant> nm24_fp16_variants() { return fp16_detail::kVariants; }

const NM24Fp16Variant* best_nm24_fp16_variant() {
  for (const auto& v : fp16_detail::kVariants)
    if (v.available()) return &v;
  return nullptr;
}

const NM24Fp16Variant* best_nm24_fp16_variant(int N) {
  const NM24Fp16Variant* best = nullptr;
  long best_padding = 0;
  for (const auto& v : fp16_detail::kVariants) {
    if (!v.available()) continue;
    const long padding = (static_cast<long>(N) + v.nr - 1) / v.nr * v.nr - N;  // computed, wasted columns
    if (best == nullptr || padding < best_padding) best = &v, best_padding = padding;
  }
  return best;
}

}  // namespace claimbench::nm
