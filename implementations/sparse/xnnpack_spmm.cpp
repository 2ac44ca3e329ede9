#include "sparse/xnnpack_spmm.hpp"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#ifndef CLAIMBENCH_XNNPACK_VERSION
#define CLAIMBENCH_XNNPACK_VERSION "unknown"
#endif

namespace claimbench::sparse {
namespace {

void check(xnn_status s, const char* what) {
  if (s != xnn_status_success)
    throw std::runtime_error(std::string("XNNPACK: ") + what + " failed (status " + std::to_string(static_cast<int>(s)) + ")");
}

void initialize_once() {
  static const xnn_status status = xnn_initialize(nullptr);
  check(status, "xnn_initialize");
}

pthreadpool_t make_pool(int threads) {
  return threads > 1 ? pthreadpool_create(static_cast<std::size_t>(threads)) : nullptr;
}

constexpr float kInf = std::numeric_limits<float>::infinity();

}  // namespace

std::string xnnpack_version() { return CLAIMBENCH_XNNPACK_VERSION; }

XnnpackSpmm::XnnpackSpmm(int M, int K, const float* A, int lda, int threads) : M_(M), K_(K) {
  initialize_once();
  std::vector<float> kernel(static_cast<std::size_t>(M) * K), bias(static_cast<std::size_t>(M), 0.0f);
  for (int i = 0; i < M; ++i)
    for (int k = 0; k < K; ++k) kernel[static_cast<std::size_t>(i) * K + k] = A[static_cast<std::size_t>(i) * lda + k];
  // The operator copies the weights into its own sparse format, so `kernel` may go.
  check(xnn_create_convolution2d_nchw_f32(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, static_cast<std::size_t>(K),
                                          static_cast<std::size_t>(M), static_cast<std::size_t>(K),
                                          static_cast<std::size_t>(M), kernel.data(), bias.data(), -kInf, kInf, 0,
                                          &op_),
        "xnn_create_convolution2d_nchw_f32 (1x1)");
  pool_ = make_pool(threads);
}

XnnpackSpmm::~XnnpackSpmm() {
  if (op_) xnn_delete_operator(op_);
  if (pool_) pthreadpool_destroy(pool_);
}

void XnnpackSpmm::run(const float* B, int N, float* C) {
  if (B != set_B_ || C != set_C_ || N != set_N_) {
    check(xnn_setup_convolution2d_nchw_f32(op_, 1, 1, static_cast<std::size_t>(N), B, C, pool_),
          "xnn_setup_convolution2d_nchw_f32");
    set_B_ = B;
    set_C_ = C;
    set_N_ = N;
  }
  check(xnn_run_operator(op_, pool_), "xnn_run_operator");
}

XnnpackDenseGemm::XnnpackDenseGemm(int K, int N, const float* B, int ldb, int threads) : K_(K), N_(N) {
  initialize_once();
  std::vector<float> bias(static_cast<std::size_t>(N), 0.0f);
  std::vector<float> weights(static_cast<std::size_t>(K) * N);
  for (int k = 0; k < K; ++k)
    for (int j = 0; j < N; ++j) weights[static_cast<std::size_t>(k) * N + j] = B[static_cast<std::size_t>(k) * ldb + j];
  check(xnn_create_fully_connected_nc_f32(static_cast<std::size_t>(K), static_cast<std::size_t>(N),
                                          static_cast<std::size_t>(K), static_cast<std::size_t>(N), weights.data(),
                                          bias.data(), -kInf, kInf, XNN_FLAG_TRANSPOSE_WEIGHTS, &op_),
        "xnn_create_fully_connected_nc_f32");
  pool_ = make_pool(threads);
}

XnnpackDenseGemm::~XnnpackDenseGemm() {
  if (op_) xnn_delete_operator(op_);
  if (pool_) pthreadpool_destroy(pool_);
}

void XnnpackDenseGemm::run(const float* A, int M, int lda, float* C) {
  if (lda != K_) throw std::invalid_argument("XnnpackDenseGemm: A must be contiguous (lda == K)");
  if (A != set_A_ || C != set_C_ || M != set_M_) {
    check(xnn_setup_fully_connected_nc_f32(op_, static_cast<std::size_t>(M), A, C, pool_),
          "xnn_setup_fully_connected_nc_f32");
    set_A_ = A;
    set_C_ = C;
    set_M_ = M;
  }
  check(xnn_run_operator(op_, pool_), "xnn_run_operator");
}

bool xnnpack_nchw_skips_zeros() {
  static const bool skips = [] {
    constexpr int M = 16, K = 16, N = 16, kZeroChannel = 3;
    std::vector<float> A(M * K), B(K * N, 1.0f), C(M * N, 0.0f);
    for (int i = 0; i < M; ++i)
      for (int k = 0; k < K; ++k) A[i * K + k] = k == kZeroChannel ? 0.0f : 0.25f * static_cast<float>(1 + (i + k) % 3);
    for (int j = 0; j < N; ++j) B[kZeroChannel * N + j] = std::numeric_limits<float>::quiet_NaN();
    XnnpackSpmm op(M, K, A.data(), K, 1);
    op.run(B.data(), N, C.data());
    for (float c : C)
      if (!std::isfinite(c)) return false;
    return true;
  }();
  return skips;
}

}  // namespace claimbench::sparse
