// 2:4 fp16 sparse GEMM driver: operand preparation, activation packing and dispatch (baseline
// ISA). The AVX512-FP16 microkernels live in sparse_gemm_nm_fp16_avx512fp16.cpp.
#include "nm/sparse_gemm_nm_fp16.hpp"

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

template <int MR, int NR, int KC, Ukr U>
void run_with(const NM24Fp16Operand& a, const uint16_t* B, int ldb, int N, float* C, int ldc, int threads) {
  static_assert(KC % 4 == 0 && KC <= claimbench::dense::kHgemmKBlock, "fp16 sums stay within a 256-k block");
  if (a.mr != MR || a.nr != NR) throw std::invalid_argument("fp16 2:4 operand was packed for a different register tile");
  constexpr int MC = MR * 48;
  const std::size_t panel_bytes = static_cast<std::size_t>(a.groups) * 4 * NR * 2;
  claimbench::dense::lowp_detail::lowp_driver(
      a.M, N, a.groups, MR, NR, KC / 4, MC, panel_bytes, C, ldc, threads,
      [&](int j0, int nr, unsigned char* dst) {
        pack_panel(B, ldb, a.K, a.groups, j0, nr, NR, reinterpret_cast<uint16_t*>(dst));
      },
      [&](int i, int mr, int g0, int g1, const unsigned char* bp, float* c, int nc, bool first) {
        U(mr, g1 - g0, a.packed.data() + (static_cast<std::size_t>(i / MR) * a.groups + g0) * MR,
          reinterpret_cast<const uint16_t*>(bp) + static_cast<std::size_t>(g0) * 4 * NR, c, ldc, nc, !first);
      });
}

#if defined(__x86_64__) || defined(__i386__)
// Best first: the order is the dispatch preference (measured, see the adapter's notes).
constexpr std::array kVariants{
    NM24Fp16Variant{"nm.2of4.fp16.4x128.avx512fp16", "avx512fp16", 4, 128, 128, claimbench::dense::cpu_has_avx512_fp16,
                    run_with<4, 128, 128, nm24_fp16_ukr_avx512fp16_4x128>},
    NM24Fp16Variant{"nm.2of4.fp16.3x256.avx512fp16", "avx512fp16", 3, 256, 64, claimbench::dense::cpu_has_avx512_fp16,
                    run_with<3, 256, 64, nm24_fp16_ukr_avx512fp16_3x256>},
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

}  // namespace claimbench::nm
