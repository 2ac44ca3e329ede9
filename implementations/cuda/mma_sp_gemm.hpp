// The project's own 2:4 GEMM on sparse tensor cores (`mma.sp::ordered_metadata`, m16n8k32,
// f16 inputs, f32 accumulation, f16 output), for sm_80 and newer:
//   C[M×N] = A[M×K] · B[K×N],  A 2:4 along K, B given transposed (Bt[N][K], K contiguous: the
//   activation layout of y = x·Wᵀ, which the cuBLAS and cuSPARSELt baselines get too).
// A is in the operand layout of implementations/nm/sparse_tensor_core_layout.hpp:
// export_mma_sp_matrix({f16, 32}, ..., selector 0) then pack_a_registers(); one warp reads one
// 16×32 tile as 32 lanes × 4 registers plus one metadata word per lane.
// Host-only header: device pointers are passed as plain pointers.
#pragma once

#include <cstdint>

namespace claimbench::cuda {

// Block tile of the kernel: 128 rows of A (8 tile rows, two per warp) × 64 columns of C.
inline constexpr int kMmaSpBlockRows = 128;
inline constexpr int kMmaSpBlockCols = 64;

struct MmaSpOperands {
  const uint32_t* a_words = nullptr;   // tile_rows × k_steps × 32 lanes × 4 words
  const uint32_t* metadata = nullptr;  // tile_rows × k_steps × 32 lanes
  int tile_rows = 0, k_steps = 0;      // ceil(M/16), ceil(K/32)
  const uint16_t* bt = nullptr;        // n_padded × (k_steps·32) f16, zero beyond N and K
  int n_padded = 0;                    // a multiple of kMmaSpBlockCols
  uint16_t* c = nullptr;               // M × N f16, leading dimension ldc
  int M = 0, N = 0, ldc = 0;
};

// Launches on `stream` (a cudaStream_t, null for the default stream); throws
// std::runtime_error on a launch error.
void mma_sp_gemm_f16(const MmaSpOperands& op, void* stream);

}  // namespace claimbench::cuda
