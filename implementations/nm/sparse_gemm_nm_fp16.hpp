// 2:4 structured-sparse fp16 GEMM for AVX512-FP16:
//   C[M×N] (fp32) = fp16(A)[M×K, 2:4 along K] · fp16(B)[K×N].
// Format (stored, reported): 2 fp16 values per group of 4 + 2-bit positions: 9/16 of dense fp16.
//
// Kernel (the fp32 N:M kernel's design at twice the width): the weights are the broadcast
// operand; activations are packed K-major in panels of NR columns ([k][NR] fp16). Each kept
// weight is broadcast once and does NR/32 vfmadd231ph, their B operands loaded from the
// packed panel at the kept row's offset (precomputed in bytes). An MR×NR tile of C lives in
// registers over a K block of KC k whose B block stays in L1. Only the kept products are
// computed: half the vfmadd231ph of the dense fp16 kernel and no permutes; what limits it is
// the load ports (one 64-byte B load per FMA plus, per kept weight, a 4-byte broadcast and
// a 4-byte offset load), not the FMA ports: that inner loop alone runs at 1.6 FMA per cycle
// on Sapphire Rapids (claimbench_bench_ports; 2.0 without the B loads), i.e. at most 1.6× of
// a dense fp16 kernel at the FMA peak. K blocks: 3x256 needs KC = 64 for its 32 KiB B block to stay
// in L1 (KC = 128: 30% slower; KC = 32: flushes cost 15%).
//
// Accumulation, like dense.own.fp16 (own_hgemm.hpp) so the two are compared like with like:
// fp16 accumulators within one K block (KC ≤ kHgemmKBlock = 256 k, i.e. ≤ 128 kept products
// per row), widened to fp32 and added to C in fp32 across blocks. The adapter declares fp16's
// machine epsilon (2^-10) as its accumulation epsilon, the same tolerance the dense fp16
// kernel is gated with.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nm/compressed_nm.hpp"

namespace claimbench::nm {

struct NM24Fp16Entry {
  uint32_t weight[2];  // the 2 kept fp16 weights of a group, each duplicated into both halves
                       // (a 32-bit broadcast from memory is a pure load; a 16-bit one costs a shuffle)
  uint32_t offset[2];  // byte offsets of their B rows from the group's first packed row: position·NR·2
};

struct NM24Fp16Operand {
  int M = 0, K = 0, mr = 0, nr = 0;
  int groups = 0;                     // ceil(K/4)
  std::size_t format_bytes = 0;       // fp16 values + 2-bit metadata (the stored format)
  std::vector<NM24Fp16Entry> packed;  // kernel operand: panels × groups × mr
  double kept = 0;                    // kept (non-filler) positions, all rows
  std::size_t kernel_bytes() const { return packed.size() * sizeof(NM24Fp16Entry); }
};

// c: the 2:4 compression of the fp16-rounded weights (kept values are exactly fp16); the
// operand is packed for an mr-row tile over nr-column panels.
NM24Fp16Operand prepare_nm24_fp16(const CompressedNM& c, int mr, int nr);

struct NM24Fp16Variant {
  const char* name;  // nm.2of4.fp16.4x128.avx512fp16
  const char* isa;
  int mr, nr, kc;    // register tile and K block (k)
  bool (*available)();
  // B: K×N fp16 bits (ld ldb); C: M×N fp32 (ld ldc), overwritten.
  void (*run)(const NM24Fp16Operand& a, const uint16_t* B, int ldb, int N, float* C, int ldc, int threads);
};

std::span<const NM24Fp16Variant> nm24_fp16_variants();
const NM24Fp16Variant* best_nm24_fp16_variant();  // nullptr without AVX512-FP16
// For N columns: the preferred variant among those padding the fewest columns (a 3x256 tile
// on N = 128 would compute twice the products).
const NM24Fp16Variant* best_nm24_fp16_variant(int N);

}  // namespace claimbench::nm
