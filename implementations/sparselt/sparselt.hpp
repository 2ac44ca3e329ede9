// sparselt: a structured-sparse GEMM library with cuSPARSELt's workflow and our own names,
// running on the project's N:M CPU kernels (implementations/nm).
//
//   D[M×N] = alpha · op(A)[M×K] · op(B)[K×N] + beta · C[M×N],  A structured (n of every m
//   consecutive elements along K kept), B and C dense.
//
// Workflow (the stages of cuSPARSELt's "Getting Started", see claims-sources.md §3a):
//   A. problem:     init(handle); structured_descriptor_init(A); dense_descriptor_init(B, C);
//                   matmul_descriptor_init(opA, opB, A, B, C, compute)
//   B. preferences: alg_selection_init (+ alg_set_config / alg_set_search_iterations)
//   C. plan:        plan_init; prune / prune_check; compressed_size; compress; search (optional:
//                   times every candidate kernel for this shape and keeps the fastest in the plan)
//   D. execution:   matmul (as often as needed); then destroy everything.
//
// Every call returns a Status and never throws; on failure the handle's last_error() says why
// (which argument, which row and group). Objects are plain values owned by the caller, like
// cuSPARSELt's opaque structs; their fields belong to the library (use the accessors).
//
// What this CPU backend supports (everything else is refused with a status, never run wrongly):
//   precision fp32 for A, B and C with fp32 compute (fp16, bf16, int8, tf32 -> unsupported_precision);
//   patterns with a compiled kernel: 2:4, 1:2, 4:8, 1:4;  A in either order and op;
//   B and C row-major with op(B) = none (the kernels stream B rows);  dimensions up to 2^31-1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace claimbench::nm {
struct SparseGemmVariant;
}

namespace claimbench::sparselt {

enum class Status {
  success = 0,
  not_initialized,        // a handle, descriptor, selection or plan that was never initialised or was destroyed
  invalid_value,          // null pointer, negative size, leading dimension too small, NaN to prune, bad config id
  wrong_shape,            // dimensions that do not agree (op(A) cols != op(B) rows, C not M×N, partial prune tiles)
  pattern_violated,       // a matrix to compress keeps more than n of some m
  unsupported_precision,  // a precision or compute type this backend does not multiply
  not_supported,          // a layout, operation or pattern combination this backend does not offer
  misaligned_pointer,     // a pointer below the descriptor's alignment
  buffer_mismatch,        // a compressed matrix made for another plan (shape or pattern) or not one at all
  allocation_failed,      // memory could not be allocated
};
const char* status_name(Status s);

enum class Precision { fp32, tf32, fp16, bf16, int8 };
enum class ComputeType { fp32, tf32, fp16, int32 };
enum class Order { row_major, column_major };
enum class Operation { none, transpose };
// tile: each m×m tile of op(A) keeps n per row AND per column (the transposable pattern
// cuSPARSELt's SPMMA_TILE produces), choosing the arrangement that keeps the largest total
// magnitude; strip: each 1×m strip along K keeps its n largest magnitudes (SPMMA_STRIP).
enum class PruneMode { tile, strip };
const char* precision_name(Precision p);

struct Pattern {
  int n = 2, m = 4;
};

struct Handle {
  bool initialized = false;
  int threads = 1;
  std::string last_error;
};

struct MatrixDescriptor {
  bool initialized = false;
  bool structured = false;
  int64_t rows = 0, cols = 0, ld = 0;
  uint32_t alignment = 0;  // bytes every pointer to this matrix must be aligned to
  Precision precision = Precision::fp32;
  Order order = Order::row_major;
  Pattern pattern;         // structured only
};

struct MatmulDescriptor {
  bool initialized = false;
  Operation op_a = Operation::none, op_b = Operation::none;
  MatrixDescriptor a, b, c;
  ComputeType compute = ComputeType::fp32;
  int m = 0, n = 0, k = 0;  // D is m×n, the reduction is k (after op)
};

enum class Algorithm { default_heuristic };

struct AlgorithmSelection {
  bool initialized = false;
  MatmulDescriptor matmul;
  std::vector<const nm::SparseGemmVariant*> candidates;  // config id = index; 0 is the heuristic's pick
  int config_id = 0;
  int search_iterations = 5;
};

struct SearchTiming {
  int config_id = 0;
  std::string kernel;
  double median_seconds = 0.0;
};

struct Plan {
  bool initialized = false;
  AlgorithmSelection selection;
  int threads = 1;
  uint64_t fingerprint = 0;  // what a compressed matrix must have been made for
  double setup_seconds = 0.0;
  double search_seconds = 0.0;
  std::vector<SearchTiming> search_timings;  // after search(): every candidate, in config order
};

// --- A. handle and problem -----------------------------------------------------------------
Status init(Handle* handle);
Status destroy(Handle* handle);
const std::string& last_error(const Handle& handle);
// Threads each matmul uses (OpenMP inside the kernels); read by plan_init.
Status set_threads(Handle* handle, int threads);

Status dense_descriptor_init(Handle* handle, MatrixDescriptor* desc, int64_t rows, int64_t cols,
                             int64_t ld, uint32_t alignment, Precision precision, Order order);
Status structured_descriptor_init(Handle* handle, MatrixDescriptor* desc, int64_t rows, int64_t cols,
                                  int64_t ld, uint32_t alignment, Precision precision, Order order,
                                  Pattern pattern);
Status matrix_descriptor_destroy(Handle* handle, MatrixDescriptor* desc);

// A structured, B and C dense; D has C's descriptor.
Status matmul_descriptor_init(Handle* handle, MatmulDescriptor* matmul, Operation op_a, Operation op_b,
                              const MatrixDescriptor* a, const MatrixDescriptor* b,
                              const MatrixDescriptor* c, ComputeType compute);
Status matmul_descriptor_destroy(Handle* handle, MatmulDescriptor* matmul);

// --- B. algorithm selection ------------------------------------------------------------------
Status alg_selection_init(Handle* handle, AlgorithmSelection* selection, const MatmulDescriptor* matmul,
                          Algorithm algorithm);
Status alg_config_count(Handle* handle, const AlgorithmSelection* selection, int* count);
Status alg_set_config(Handle* handle, AlgorithmSelection* selection, int config_id);
Status alg_config_name(Handle* handle, const AlgorithmSelection* selection, int config_id, std::string* name);
Status alg_set_search_iterations(Handle* handle, AlgorithmSelection* selection, int iterations);
Status alg_selection_destroy(Handle* handle, AlgorithmSelection* selection);

// --- C. plan, pruning, compression, search ---------------------------------------------------
Status plan_init(Handle* handle, Plan* plan, const MatmulDescriptor* matmul, const AlgorithmSelection* selection);
Status plan_destroy(Handle* handle, Plan* plan);
Status plan_config_id(Handle* handle, const Plan* plan, int* config_id);
Status plan_kernel_name(Handle* handle, const Plan* plan, std::string* name);

// `in` and `out` have A's descriptor and may be the same matrix (in-place).
Status prune(Handle* handle, const MatmulDescriptor* matmul, const float* in, float* out, PruneMode mode);
// *valid = 1 when op(A) keeps at most n of every m along K, else 0 (and last_error names the
// first offending row and group).
Status prune_check(Handle* handle, const MatmulDescriptor* matmul, const float* in, int* valid);

// compressed_bytes: the buffer compress() fills and matmul() reads (kept values and their k
// indices in the kernels' layout, plus a header); workspace_bytes: the temporary buffer
// compress() needs (0 when A is row-major and not transposed).
Status compressed_size(Handle* handle, const Plan* plan, std::size_t* compressed_bytes,
                       std::size_t* workspace_bytes);
Status compress(Handle* handle, const Plan* plan, const float* a_dense, void* compressed, void* workspace);
// The stored-format footprint of the same matrix (values plus log2(m)-bit positions), for
// reporting: what the compressed format costs in memory, independent of the kernel layout.
Status storage_footprint(Handle* handle, const Plan* plan, std::size_t* bytes);

// Times every candidate kernel (one warm-up, then search_iterations runs each; the median
// counts; a candidate whose warm-up is over 4× the best median so far keeps its warm-up time
// and is not run again) on these operands and keeps the fastest in the plan. Writes to a scratch product,
// never to C or D. Its wall time is kept in plan->search_seconds.
Status search(Handle* handle, Plan* plan, const void* a_compressed, const float* b);

// --- D. execution ------------------------------------------------------------------------------
// c may be null when beta == 0; c may equal d.
Status matmul(Handle* handle, const Plan* plan, float alpha, const void* a_compressed, const float* b,
              float beta, const float* c, float* d);

}  // namespace claimbench::sparselt
