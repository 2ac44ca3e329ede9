// XNNPACK as a peer: its sparse path (a 1×1 NCHW convolution, which XNNPACK runs as a sparse
// matrix × dense matrix product over the nonzero weights) and its dense GEMM (fully connected).
// Only built when XNNPACK and pthreadpool are found (CLAIMBENCH_HAVE_XNNPACK).
//
// Layout: with batch 1 and an input of 1×N pixels, NCHW input [K channels][N pixels] is B,
// the output [M][N] is C and the 1×1 kernel [M][K] is A: no transposes.
#pragma once

#include <cstddef>
#include <string>

struct xnn_operator;
struct pthreadpool;

namespace claimbench::sparse {

// The packaged XNNPACK version (XNNPACK has no run-time version call), recorded at configure time.
std::string xnnpack_version();

// Whether XNNPACK's 1×1 NCHW convolution skips zero weights: a NaN placed in an input channel
// whose weights are all zero must not reach the output (a dense product would give NaN).
// Computed once per process.
bool xnnpack_nchw_skips_zeros();

// C[M×N] = A[M×K]·B[K×N] through xnn_create_convolution2d_nchw_f32 (1×1, stride 1).
class XnnpackSpmm {
 public:
  XnnpackSpmm(int M, int K, const float* A, int lda, int threads);
  ~XnnpackSpmm();
  XnnpackSpmm(const XnnpackSpmm&) = delete;
  XnnpackSpmm& operator=(const XnnpackSpmm&) = delete;
  void run(const float* B, int N, float* C);  // B: K×N contiguous; C: M×N contiguous

 private:
  xnn_operator* op_ = nullptr;
  pthreadpool* pool_ = nullptr;
  int M_, K_;
  const float* set_B_ = nullptr;
  float* set_C_ = nullptr;
  int set_N_ = -1;
};

// C[M×N] = A[M×K]·B[K×N] through xnn_create_fully_connected_nc_f32: the batch is A's M rows,
// B is the (packed once, at construction) weight operand given K-major
// (XNN_FLAG_TRANSPOSE_WEIGHTS), so C comes out row-major with no transposes.
class XnnpackDenseGemm {
 public:
  XnnpackDenseGemm(int K, int N, const float* B, int ldb, int threads);
  ~XnnpackDenseGemm();
  XnnpackDenseGemm(const XnnpackDenseGemm&) = delete;
  XnnpackDenseGemm& operator=(const XnnpackDenseGemm&) = delete;
  void run(const float* A, int M, int lda, float* C);  // C: M×N contiguous

 private:
  xnn_operator* op_ = nullptr;
  pthreadpool* pool_ = nullptr;
  int K_, N_;
  const float* set_A_ = nullptr;
  float* set_C_ = nullptr;
  int set_M_ = -1;
};

}  // namespace claimbench::sparse
