// See mma_sp_gemm.hpp. One block: 4 warps × (2 tiles of 16 rows) × 64 columns (8 n-tiles of 8).
// Per k-step of 32: the block stages Bt's 64×32 halves in shared memory (double-buffered, one
// barrier per step); each warp loads its A fragments and metadata straight from global memory
// (one 16-byte and one 4-byte coalesced load per lane and tile: the exporter already laid them
// out lane by lane), reads each B fragment once for its two m-tiles, and issues 16 mma.sp.
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "cuda/mma_sp_gemm.hpp"

namespace claimbench::cuda {
namespace {

constexpr int kWarps = 4;
constexpr int kTilesPerWarp = 2;
constexpr int kK = 32;             // k of one mma.sp.m16n8k32
constexpr int kBn = kMmaSpBlockCols;
constexpr int kNTiles = kBn / 8;
constexpr int kSmemStride = kK + 8;  // halves per staged Bt row: 80 bytes, breaks bank conflicts

__device__ __forceinline__ void mma_sp_16832(float (&d)[4], const uint4& a, const uint32_t (&b)[4], uint32_t e) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
  asm volatile(
      "mma.sp::ordered_metadata.sync.aligned.m16n8k32.row.col.f32.f16.f16.f32 "
      "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9,%10,%11}, {%0,%1,%2,%3}, %12, 0x0;\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a.x), "r"(a.y), "r"(a.z), "r"(a.w), "r"(b[0]), "r"(b[1]), "r"(b[2]), "r"(b[3]), "r"(e));
#endif
}

__global__ void __launch_bounds__(kWarps * 32) mma_sp_gemm_f16_kernel(MmaSpOperands op) {
  __shared__ __align__(16) __half bs[2][kBn * kSmemStride];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int group = lane >> 2, tig = lane & 3;
  const int n0 = blockIdx.x * kBn;
  const int tile_row0 = blockIdx.y * (kWarps * kTilesPerWarp) + warp * kTilesPerWarp;
  const int kp = op.k_steps * kK;

  // Staging: 64 rows × 32 halves = 256 16-byte chunks, two per thread.
  auto load_b = [&](int ks, uint4 (&r)[2]) {
    for (int i = 0; i < 2; ++i) {
      const int chunk = threadIdx.x + i * kWarps * 32;
      const int row = chunk >> 2, part = chunk & 3;
      r[i] = *reinterpret_cast<const uint4*>(op.bt + static_cast<size_t>(n0 + row) * kp + ks * kK + part * 8);
    }
  };
  auto store_b = [&](int buf, const uint4 (&r)[2]) {
    for (int i = 0; i < 2; ++i) {
      const int chunk = threadIdx.x + i * kWarps * 32;
      const int row = chunk >> 2, part = chunk & 3;
      *reinterpret_cast<uint4*>(&bs[buf][row * kSmemStride + part * 8]) = r[i];
    }
  };

  float acc[kTilesPerWarp][kNTiles][4] = {};
  uint4 staged[2];
  load_b(0, staged);
  store_b(0, staged);
  __syncthreads();
  for (int ks = 0; ks < op.k_steps; ++ks) {
    const int buf = ks & 1;
    if (ks + 1 < op.k_steps) load_b(ks + 1, staged);
    uint4 a[kTilesPerWarp];
    uint32_t e[kTilesPerWarp];
    for (int t = 0; t < kTilesPerWarp; ++t) {
      const int tr = tile_row0 + t;
      if (tr < op.tile_rows) {
        const size_t slot = (static_cast<size_t>(tr) * op.k_steps + ks) * 32 + lane;
        a[t] = reinterpret_cast<const uint4*>(op.a_words)[slot];
        e[t] = op.metadata[slot];
      } else {
        a[t] = make_uint4(0, 0, 0, 0);
        e[t] = 0x44444444u;  // a valid ordered nibble (positions 0, 1) for the zero tile
      }
    }
    for (int j = 0; j < kNTiles; ++j) {
      // B fragment (32×8, "col"): register q holds k = 2·tig + 8q and k + 1 of column `group`.
      const __half* col = &bs[buf][(j * 8 + group) * kSmemStride + 2 * tig];
      uint32_t b[4];
      for (int q = 0; q < 4; ++q) b[q] = *reinterpret_cast<const uint32_t*>(col + 8 * q);
      for (int t = 0; t < kTilesPerWarp; ++t) mma_sp_16832(acc[t][j], a[t], b, e[t]);
    }
    if (ks + 1 < op.k_steps) store_b(buf ^ 1, staged);
    __syncthreads();
  }

  // D fragment: d0, d1 at (group, 2·tig + {0,1}), d2, d3 at (group + 8, ...).
  for (int t = 0; t < kTilesPerWarp; ++t)
    for (int j = 0; j < kNTiles; ++j)
      for (int h = 0; h < 2; ++h) {
        const int row = (tile_row0 + t) * 16 + group + 8 * h;
        const int c = n0 + j * 8 + 2 * tig;
        if (row >= op.M || c >= op.N) continue;
        __half* out = reinterpret_cast<__half*>(op.c) + static_cast<size_t>(row) * op.ldc + c;
        if (c + 1 < op.N && (op.ldc % 2 == 0)) {
          *reinterpret_cast<__half2*>(out) = __floats2half2_rn(acc[t][j][2 * h], acc[t][j][2 * h + 1]);
        } else {
          out[0] = __float2half_rn(acc[t][j][2 * h]);
          if (c + 1 < op.N) out[1] = __float2half_rn(acc[t][j][2 * h + 1]);
        }
      }
}

}  // namespace

void mma_sp_gemm_f16(const MmaSpOperands& op, void* stream) {
  if (op.n_padded % kBn != 0 || op.n_padded < op.N)
    throw std::invalid_argument("mma_sp_gemm_f16: n_padded must be a multiple of 64 and ≥ N");
  const dim3 grid(op.n_padded / kBn, (op.tile_rows + kWarps * kTilesPerWarp - 1) / (kWarps * kTilesPerWarp));
  mma_sp_gemm_f16_kernel<<<grid, kWarps * 32, 0, static_cast<cudaStream_t>(stream)>>>(op);
  if (const cudaError_t err = cudaGetLastError(); err != cudaSuccess)
    throw std::runtime_error(std::string("mma_sp_gemm_f16 launch: ") + cudaGetErrorString(err));
}

}  // namespace claimbench::cuda
