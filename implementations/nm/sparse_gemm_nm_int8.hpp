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

struct NM24Int8Operand {
  int M = 0, K = 0, mr = 0;
  int spans = 0;                       // ceil(K/8)
  std::vector<int8_t> values;          // the stored format: M × groups·2 int8 values
  std::vector<uint8_t> metadata;       // M × metadata_row_bytes (2-bit positions, CompressedNM)
  std::size_t format_bytes = 0;        // values + metadata
  std::vector<NM24Int8Entry> packed;   // kernel operand: panels × spans × mr
  std::vector<float> row_scale;        // panels·mr: s_w[i]·s_x
  std::vector<int32_t> comp;           // panels·mr: 128·Σ q_w[i,·]
  double kept = 0;                     // kept (non-filler) positions, all rows
  std::size_t kernel_bytes() const { return packed.size() * sizeof(NM24Int8Entry) + row_scale.size() * 8; }
};

// c: the 2:4 compression of the fp32 weights (positions); q: the dense per-row int8
// quantization of the same weights (M×K), scale its per-row scales; s_x the activation scale.
NM24Int8Operand prepare_nm24_int8(const CompressedNM& c, const int8_t* q, const float* scale, float s_x, int mr);

struct NM24Int8Variant {
  const char* name;  // nm.2of4.int8.4x64.avx512vnni
  const char* isa;
  int mr, nr;
  bool (*available)();
  void (*run)(const NM24Int8Operand& a, const uint8_t* Bu8, int ldb, int N, float* C, int ldc, int threads);
};

std::span<const NM24Int8Variant> nm24_int8_variants();
const NM24Int8Variant* best_nm24_int8_variant();

}  // namespace claimbench::nm
