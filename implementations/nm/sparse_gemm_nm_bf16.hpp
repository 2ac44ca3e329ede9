// 2:4 structured-sparse bf16 GEMM for AVX512-BF16 (+ AVX512-BW vpermt2w):
//   C[M×N] (fp32) = bf16(A)[M×K, 2:4 along K] · bf16(B)[K×N], fp32 accumulation.
// Format (stored, reported): 2 bf16 values per group of 4 + 2-bit positions: 9/16 of dense bf16.
// Kernel: the 2 kept weights of a group are exactly one vdpbf16ps pair. Activations are packed
// [group][column][4 bf16] (16 columns = two zmm); one vpermt2w with an index vector chosen by
// the row's 4 metadata bits gathers, for 16 columns, the 2 activations that meet the kept
// weights; then one vdpbf16ps per group (half the dense count), plus that permute.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nm/compressed_nm.hpp"

namespace claimbench::nm {

struct NM24Bf16Entry {
  uint32_t weights;  // 2 kept bf16 weights of a group (low half: first position)
  uint32_t offset;   // byte offset of the group's gather index (positions p0 | p1 << 2) · 64
};

struct NM24Bf16Operand {
  int M = 0, K = 0, mr = 0;
  int groups = 0;                    // ceil(K/4)
  std::size_t format_bytes = 0;      // bf16 values + 2-bit metadata
  std::vector<NM24Bf16Entry> packed; // panels × groups × mr
  double kept = 0;
};

// c: compression of the bf16-rounded fp32 weights (so kept values are exactly bf16).
NM24Bf16Operand prepare_nm24_bf16(const CompressedNM& c, int mr);

struct NM24Bf16Variant {
  const char* name;  // nm.2of4.bf16.4x64.avx512bf16
  const char* isa;
  int mr, nr;
  bool (*available)();
  void (*run)(const NM24Bf16Operand& a, const uint16_t* B, int ldb, int N, float* C, int ldc, int threads);
};

std::span<const NM24Bf16Variant> nm24_bf16_variants();
const NM24Bf16Variant* best_nm24_bf16_variant();

}  // namespace claimbench::nm
