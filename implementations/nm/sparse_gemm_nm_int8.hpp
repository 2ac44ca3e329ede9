// 2:4 structured-sparse int8 GEMM for AVX512-VNNI + AVX512-VBMI:
//   C[M×N] (fp32) = diag(s_w·s_x) · (q_w[M×K, 2:4 along K] · q_x[K×N])
// Quantization as in dense/lowp_quantization.hpp (per-row symmetric int8 weights, per-tensor
// activations stored as u8 with zero point 128, exact int32 accumulation).
//
// Format (what is stored, the footprint reported): compressed int8 values, 2 per group of 4,
// plus 2-bit positions (CompressedNM layout): 10/16 of dense int8 for K % 4 == 0.
//
// Kernel: vpdpbusd multiplies 4-byte quads, so the 2 kept weights of two adjacent groups
// (8 consecutive k) form one quad. Activations are packed exactly as for the dense VNNI kernel
// ([quad][column][4 bytes], one zmm = 16 columns × 4 k), so the two quads of an 8-k span are two
// zmm registers; one vpermt2b with an index vector chosen by the row's 8 metadata bits (a
// 256-entry table of 64-byte indices) gathers, for all 16 columns at once, the 4 activation
// bytes that meet the row's 4 kept weights. Then one vpdpbusd does the span: half the
// vpdpbusd of the dense kernel, plus one vpermt2b (port 5, which vpdpbusd does not use here).
// Pruned weights are never multiplied; filler slots hold weight 0.
// On Sapphire Rapids vpermt2b is 3 uops (throughput one per 2 cycles, measured), so this
// layout is bound by the gather at half the vpdpbusd rate: at best as fast as dense.
//
// Layout "row pairs" (preferred; zmm AVX512-VNNI+BW and ymm AVX-VNNI): activations packed
// [span][column][8 bytes] (one qword = one column's 8 k), so a 16-byte lane holds 2 columns.
// One vpshufb per 16-byte lane picks, for TWO weight rows r, r' at once, the 4 activation
// bytes each keeps: output dwords (r, c0), (r', c0), (r, c1), (r', c1). A qword broadcast of
// the two rows' 4 kept int8 weights then makes one vpdpbusd do 2 rows × 8 columns (zmm) of
// useful products only. Per vpdpbusd: one in-lane vpshufb (port 5) and no 2-source gather;
// vpdpbusd zmm issues on one port (port 0) here, so the two overlap and the ceiling is the
// vpdpbusd rate with every product useful: 2× the dense kernel's dense-equivalent rate.
// The 16-byte shuffle control of a (row pair, span) is precomputed and broadcast from memory
// (a pure load). Accumulator lanes interleave the two rows; they are separated once per K
// block (vpermt2d) before scaling.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nm/compressed_nm.hpp"

namespace claimbench::nm {

struct NM24Int8Entry {
  int32_t weights;   // 4 kept int8 weights of an 8-k span (group 2s: bytes 0,1; group 2s+1: bytes 2,3)
  uint32_t offset;   // byte offset of the span's gather index in the 256-entry table (meta·64)
};

// One (row pair, 8-k span) of the row-pair layout.
struct alignas(8) NM24Int8PairEntry {
  uint8_t control[16];  // vpshufb control of a 16-byte lane (2 columns × 8 k → 2 columns × 2 rows × 4 bytes)
  int32_t weights[2];   // the 4 kept int8 weights of row r (dword 0) and row r' (dword 1)
};

enum class NM24Int8Layout { gather, row_pairs };

struct NM24Int8Operand {
  int M = 0, K = 0, mr = 0;
  int spans = 0;                       // ceil(K/8)
  std::vector<int8_t> values;          // the stored format: M × groups·2 int8 values
  std::vector<uint8_t> metadata;       // M × metadata_row_bytes (2-bit positions, CompressedNM)
  std::size_t format_bytes = 0;        // values + metadata
  NM24Int8Layout layout = NM24Int8Layout::gather;
  std::vector<NM24Int8Entry> packed;   // gather layout: panels × spans × mr
  std::vector<NM24Int8PairEntry> pairs;  // row-pair layout: panels × spans × mr/2
  std::vector<float> row_scale;        // panels·mr: s_w[i]·s_x
  std::vector<int32_t> comp;           // panels·mr: 128·Σ q_w[i,·]
  double kept = 0;                     // kept (non-filler) positions, all rows
  std::size_t kernel_bytes() const {
    return packed.size() * sizeof(NM24Int8Entry) + pairs.size() * sizeof(NM24Int8PairEntry) + row_scale.size() * 8;
  }
};

// c: the 2:4 compression of the fp32 weights (positions); q: the dense per-row int8
// quantization of the same weights (M×K), scale its per-row scales; s_x the activation scale.
// layout: what the variant's microkernel reads (row_pairs needs an even mr).
NM24Int8Operand prepare_nm24_int8(const CompressedNM& c, const int8_t* q, const float* scale, float s_x, int mr,
                                  NM24Int8Layout layout);

struct NM24Int8Variant {
  const char* name;  // nm.2of4.int8.8x32.avx512vnni
  const char* isa;
  int mr, nr;
  NM24Int8Layout layout;
  bool (*available)();
  void (*run)(const NM24Int8Operand& a, const uint8_t* Bu8, int ldb, int N, float* C, int ldc, int threads);
};

// The operand a variant reads.
inline NM24Int8Operand prepare_nm24_int8(const CompressedNM& c, const int8_t* q, const float* scale, float s_x,
                                         const NM24Int8Variant& v) {
  return prepare_nm24_int8(c, q, scale, s_x, v.mr, v.layout);
}

std::span<const NM24Int8Variant> nm24_int8_variants();
const NM24Int8Variant* best_nm24_int8_variant();

}  // namespace claimbench::nm
