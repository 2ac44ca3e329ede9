// 2:4 int8 sparse GEMM driver: operand preparation and dispatch (baseline ISA). The
// VNNI+VBMI microkernels live in sparse_gemm_nm_int8_avx512.cpp.
#include "nm/sparse_gemm_nm_int8.hpp"

#include <array>
#include <stdexcept>

#include "dense/own_igemm.hpp"
#include "dense/own_igemm_driver.hpp"

namespace claimbench::nm {

NM24Int8Operand prepare_nm24_int8(const CompressedNM& c, const int8_t* q, const float* scale, float s_x, int mr) {
  if (c.n != 2 || c.m != 4) throw std::invalid_argument("the int8 2:4 kernel needs a 2:4 operand");
  NM24Int8Operand op;
  op.M = c.rows;
  op.K = c.cols;
  op.mr = mr;
  op.spans = (c.cols + 7) / 8;
  const int M = c.rows, K = c.cols, spr = c.slots_per_row();
  op.values.assign(static_cast<std::size_t>(M) * spr, 0);
  op.metadata = c.metadata;
  op.format_bytes = op.values.size() + op.metadata.size();
  const int panels = (M + mr - 1) / mr;
  op.packed.assign(static_cast<std::size_t>(panels) * op.spans * mr, NM24Int8Entry{0, 0});
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
      op.packed[(static_cast<std::size_t>(i / mr) * op.spans + sp) * mr + (i % mr)] =
          NM24Int8Entry{static_cast<int32_t>(word), meta * 64u};
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
#endif

namespace {

template <int MR, int NR, Ukr U>
void run_with(const NM24Int8Operand& a, const uint8_t* B, int ldb, int N, float* C, int ldc, int threads) {
  if (a.mr != MR) throw std::invalid_argument("int8 2:4 operand was packed for a different register tile");
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
constexpr std::array kVariants{
    NM24Int8Variant{"nm.2of4.int8.4x64.avx512vnni", "avx512vnni+vbmi", 4, 64, claimbench::dense::cpu_has_avx512_vbmi,
                    run_with<4, 64, nm24_int8_ukr_avx512vnni_4x64>},
    NM24Int8Variant{"nm.2of4.int8.6x32.avx512vnni", "avx512vnni+vbmi", 6, 32, claimbench::dense::cpu_has_avx512_vbmi,
                    run_with<6, 32, nm24_int8_ukr_avx512vnni_6x32>},
    NM24Int8Variant{"nm.2of4.int8.2x128.avx512vnni", "avx512vnni+vbmi", 2, 128,
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
