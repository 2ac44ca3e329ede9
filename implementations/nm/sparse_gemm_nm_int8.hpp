// 2:4 structured-sparse int8 GEMM (AVX512-VNNI, AVX-VNNI):
//   C[M×N] (fp32) = diag(s_w·s_x) · (q_w[M×K, 2:4 along K] · q_x[K×N])
// Quantization as in dense/lowp_quantization.hpp (per-row symmetric int8 weights, per-tensor
// activations stored as u8 with zero point 128, exact int32 accumulation).
//
// Format (what is stored, the footprint reported): compressed int8 values, 2 per group of 4,
// plus 2-bit positions (CompressedNM layout): 10/16 of dense int8 for K % 4 == 0.
//
// vpdpbusd multiplies 4-byte quads, so the 2 kept weights of two adjacent groups (an 8-k span)
// form one quad, and the activation bytes that meet them depend on the row's positions: each
// vpdpbusd needs its u8 operand selected per row. Two layouts:
//
// Layout "gather" (AVX512-VNNI + VBMI): activations packed as for the dense VNNI kernel
// ([quad][column][4 bytes]); one vpermt2b, index chosen by the row's 8 metadata bits from a
// 256-entry table, gathers the span's 4 kept bytes for 16 columns from two zmm, then one
// vpdpbusd. vpermt2b runs at one per 2 cycles here (measured), so this is bound at half the
// vpdpbusd rate of the dense kernel: 0.5× at best (measured 0.51–0.54× at BERT-Large sizes).
//
// Layout "row pairs" (preferred; zmm AVX512-VNNI+BW and ymm AVX-VNNI): activations packed
// [span][column][8 bytes] (one qword = one column's 8 k), so a 16-byte lane holds 2 columns.
// One vpshufb per 16-byte lane picks, for TWO weight rows r, r' at once, the 4 activation
// bytes each keeps: output dwords (r, c0), (r', c0), (r, c1), (r', c1). A qword broadcast of
// the two rows' 4 kept int8 weights then makes one vpdpbusd do 2 rows × 8 columns (zmm) of
// useful products only. The 16-byte shuffle control of a (row pair, span) is precomputed and
// broadcast from memory (a pure load). Accumulator lanes interleave the two rows; they are
// separated once per K block (vpermt2d) before scaling.
//
// Why this stays at about the dense kernel's speed on Sapphire Rapids (per cycle, measured by
// claimbench_bench_ports): vpdpbusd zmm 2.0 (ports 0 and 5), vpshufb/vpermb/vpmultishiftqb zmm
// 1.0 (port 5 only), one vpshufb + one vpdpbusd 0.95 pairs. The dense kernel issues 2 vpdpbusd of
// 64 MACs per cycle; the 2:4 kernel 1 vpdpbusd of 64 useful (128 dense-equivalent) MACs plus
// its shuffle on the same two ports: ceiling 1.0× (measured 0.87–0.89×). Beating dense needs
// fewer than one port-0/5 uop of selection per vpdpbusd (≥ 1.6× needs ≤ 0.25); the only
// selection-free path, loading pre-selected activations (36 kept-position patterns per span),
// multiplies the activation block by 18 and is bounded near 1.2–1.5× by L1 capacity and load
// ports. With ymm (AVX-VNNI: vpdpbusd ymm 2.0, vpshufb ymm 2.0 on three ports, 1.54 pairs per
// cycle measured) the same layout's ceiling is 1.5× of a dense ymm kernel.
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
