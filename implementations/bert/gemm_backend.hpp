// The pluggable GEMM backend of the BERT encoder. Every linear layer of every layer goes
// through one; the rest of the forward pass (bert_ops.hpp) is the same for all backends.
//
//   prepare(W, M, K)   once per weight matrix, untimed: pack, prune-compress or quantize
//                      W [M × K] (row-major, out × in) into the backend's own format. W must
//                      outlive the prepared layer: the library backends use it in place.
//   PreparedLinear::run(X, ldx, N, Y, ldy, threads)
//                      timed: Y [M × N] = W · X [K × N] (feature-major activations).
//                      An int8 backend quantizes X (per tensor, dynamically) inside run().
//   matmul(...)        a plain dense fp32 C = A · B with leading dimensions, for attention's
//                      two batched products (QKᵀ and PV), which are never pruned or quantized:
//                      the sparse and int8 backends hand it to a dense fp32 backend (named in
//                      attention_kernel()).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace claimbench::bert {

class PreparedLinear {
 public:
  virtual ~PreparedLinear() = default;
  virtual void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) = 0;
  virtual std::size_t weight_bytes() const = 0;  // the stored format the kernel reads
  virtual double kept_fraction() const { return 1.0; }  // multiply-adds done / dense ones
  // Time spent in run() converting activations (int8 quantization), seconds, cumulative.
  virtual double conversion_seconds() const { return 0.0; }
};

class GemmBackend {
 public:
  virtual ~GemmBackend() = default;
  virtual std::string name() const = 0;       // own, openblas, onednn, 2of4, int8, int8.2of4, onednn.int8
  virtual std::string precision() const = 0;  // fp32, int8
  virtual bool needs_2of4() const { return false; }  // the weights must already be 2:4
  virtual std::string linear_kernel() const = 0;     // the kernel (variant, ISA) that runs linear layers
  virtual std::string linear_isa() const = 0;
  virtual std::string attention_kernel() const = 0;  // the dense kernel behind matmul()
  virtual std::unique_ptr<PreparedLinear> prepare(const float* W, int M, int K) = 0;
  virtual void matmul(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
                      int threads) = 0;
};

// The backend names make_gemm_backend accepts.
const std::vector<std::string>& gemm_backend_names();
// Throws std::invalid_argument for an unknown name, std::runtime_error when this CPU cannot run
// it (int8 needs AVX512-VNNI; int8.2of4 also VBMI). `attention` names the dense fp32 backend
// the 2:4 and int8 backends use for matmul() (own, openblas or onednn); dense backends ignore it.
// oneDNN by default: it ran attention's batched products fastest of the three here, and a
// sparse encoder must not lose end-to-end time on products that sparsity does not touch.
std::unique_ptr<GemmBackend> make_gemm_backend(const std::string& name, const std::string& attention = "onednn");
// Why `name` cannot run here (empty when it can).
std::string gemm_backend_unavailable_reason(const std::string& name);

}  // namespace claimbench::bert
