// Own fp16 GEMM for AVX512-FP16 (vfmadd231ph, 32 half lanes per zmm): C[M×N] (fp32) =
// fp16(A) · fp16(B). A and B are rounded to fp16 (nearest even) in prepare().
//
// Accumulation: in fp16 within K blocks of kHgemmKBlock (256) k, then the block's partial
// sums are widened to fp32 and added to C in fp32. The fp16 partial sums are what makes the
// instruction twice as wide as fp32, and also what costs accuracy: the relative rounding unit
// of the accumulation is that of fp16 (2^-10 as machine epsilon), which the adapter declares
// as its accumulation_epsilon; the K blocking keeps the fp16 sums short (≤ 256 terms) and
// away from fp16's 65504 overflow for operands of ordinary size.
//
// Layout: A row-major fp16 (ld K); B packed at run time (timed) into NR = 64-column panels
// [k][64] per panel. Microkernel: MR = 6 rows × 64 columns (12 zmm accumulators), broadcast
// one A half per row, two B vector loads per k.
#pragma once

#include <cstdint>
#include <span>

namespace claimbench::dense {

constexpr int kHgemmKBlock = 256;

struct HgemmVariant {
  const char* name;  // own.hgemm.6x64.avx512fp16
  const char* isa;
  int mr, nr;
  bool (*available)();
  // A: M×K fp16 bits (ld lda), B: K×N fp16 bits (ld ldb), C: M×N fp32 (ld ldc).
  void (*run)(const uint16_t* A, int lda, const uint16_t* B, int ldb, float* C, int ldc, int M, int N, int K,
              int threads);
};

std::span<const HgemmVariant> own_hgemm_variants();
const HgemmVariant* best_own_hgemm_variant();  // nullptr without AVX512-FP16
bool cpu_has_avx512_fp16();

namespace detail {
void hgemm_avx512fp16(const uint16_t* A, int lda, const uint16_t* B, int ldb, float* C, int ldc, int M, int N, int K,
                      int threads);
}

}  // namespace claimbench::dense
