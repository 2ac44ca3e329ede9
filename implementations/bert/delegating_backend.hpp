// A GEMM backend whose attention matmuls (QKᵀ, PV: never pruned or quantized) are handed to a
// dense fp32 backend, so that encoders differing in their linear layers differ only there.
#pragma once

#include <memory>
#include <string>

#include "bert/gemm_backend.hpp"
#include "bert/gemm_backend_dense.hpp"

namespace claimbench::bert {

class DelegatingBackend : public GemmBackend {
 public:
  explicit DelegatingBackend(const std::string& attention) : attention_(make_dense_backend(attention)) {}
  std::string attention_kernel() const override { return attention_->attention_kernel(); }
  void matmul(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
              int threads) override {
    attention_->matmul(M, N, K, A, lda, B, ldb, C, ldc, threads);
  }

 private:
  std::unique_ptr<GemmBackend> attention_;
};

}  // namespace claimbench::bert
