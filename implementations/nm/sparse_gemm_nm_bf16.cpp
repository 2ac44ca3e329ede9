// 2:4 bf16 sparse GEMM driver (baseline ISA); microkernels in sparse_gemm_nm_bf16_avx512.cpp.
#include "nm/sparse_gemm_nm_bf16.hpp"

#include <array>
#include <stdexcept>

#include "dense/lowp_quantization.hpp"
#include "dense/own_bf16gemm.hpp"
#include "dense/own_igemm.hpp"
#include "dense/own_igemm_driver.hpp"

namespace claimbench::nm {

NM24Bf16Operand prepare_nm24_bf16(const CompressedNM& c, int mr) {
  if (c.n != 2 || c.m != 4) throw std::invalid_argument("the bf16 2:4 kernel needs a 2:4 operand");
  NM24Bf16Operand op;
  op.M = c.rows;
  op.K = c.cols;
  op.mr = mr;
  op.groups = c.groups_per_row;
  op.format_bytes = c.values.size() * 2 + c.metadata.size();
  const int panels = (op.M + mr - 1) / mr;
  op.packed.assign(static_cast<std::size_t>(panels) * op.groups * mr, NM24Bf16Entry{0, 0});
  const int spr = c.slots_per_row();
  for (int i = 0; i < op.M; ++i)
    for (int g = 0; g < op.groups; ++g) {
      uint32_t word = 0, meta = 0;
      for (int t = 0; t < 2; ++t) {
        const int slot = 2 * g + t;
        const float v = c.values[static_cast<std::size_t>(i) * spr + slot];
        const int col = c.column(i, slot);
        const bool kept = v != 0.0f && col < op.K;
        op.kept += kept;
        word |= static_cast<uint32_t>(kept ? lowp::to_bf16(v) : 0) << (16 * t);
        meta |= static_cast<uint32_t>(c.position(i, slot)) << (2 * t);
      }
      op.packed[(static_cast<std::size_t>(i / mr) * op.groups + g) * mr + i % mr] = NM24Bf16Entry{word, meta * 64u};
    }
  return op;
}

namespace bf16_detail {
using Ukr = void (*)(int mr, int ng, const NM24Bf16Entry* Ep, const uint16_t* Bp, float* C, long ldc, int ncols,
                     int accumulate);
#if defined(__x86_64__) || defined(__i386__)
void nm24_bf16_ukr_avx512_4x64(int, int, const NM24Bf16Entry*, const uint16_t*, float*, long, int, int);
void nm24_bf16_ukr_avx512_6x32(int, int, const NM24Bf16Entry*, const uint16_t*, float*, long, int, int);
#endif
namespace {

template <int MR, int NR, Ukr U>
void run_with(const NM24Bf16Operand& a, const uint16_t* B, int ldb, int N, float* C, int ldc, int threads) {
  if (a.mr != MR) throw std::invalid_argument("bf16 2:4 operand was packed for a different register tile");
  constexpr int KCG = 64;  // 256 k per block
  constexpr int MC = MR * 48;
  const std::size_t panel_bytes = static_cast<std::size_t>(a.groups) * NR * 8;
  claimbench::dense::lowp_detail::lowp_driver(
      a.M, N, a.groups, MR, NR, KCG, MC, panel_bytes, C, ldc, threads,
      [&](int j0, int nr, unsigned char* dst) {
        claimbench::dense::lowp_detail::pack_b_bf16(B, ldb, a.K, a.groups, 4, j0, nr, NR,
                                                    reinterpret_cast<uint16_t*>(dst));
      },
      [&](int i, int mr, int g0, int g1, const unsigned char* bp, float* c, int nc, bool first) {
        U(mr, g1 - g0, a.packed.data() + (static_cast<std::size_t>(i / MR) * a.groups + g0) * MR,
          reinterpret_cast<const uint16_t*>(bp) + static_cast<std::size_t>(g0) * NR * 4, c, ldc, nc, !first);
      });
}

bool available() { return claimbench::dense::cpu_has_avx512_bf16(); }

#if defined(__x86_64__) || defined(__i386__)
constexpr std::array kVariants{
    NM24Bf16Variant{"nm.2of4.bf16.4x64.avx512bf16", "avx512bf16", 4, 64, available,
                    run_with<4, 64, nm24_bf16_ukr_avx512_4x64>},
    NM24Bf16Variant{"nm.2of4.bf16.6x32.avx512bf16", "avx512bf16", 6, 32, available,
                    run_with<6, 32, nm24_bf16_ukr_avx512_6x32>},
};
#else
constexpr std::array<NM24Bf16Variant, 0> kVariants{};
#endif
}  // namespace
}  // namespace bf16_detail

std::span<const NM24Bf16Variant> nm24_bf16_variants() { return bf16_detail::kVariants; }
const NM24Bf16Variant* best_nm24_bf16_variant() {
  for (const auto& v : bf16_detail::kVariants)
    if (v.available()) return &v;
  return nullptr;
}

}  // namespace claimbench::nm
