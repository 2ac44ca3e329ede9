// The 2:4 fp32 and the int8 (dense and 2:4) backends. Their linear layers run the project's
// kernels (nm/, dense/own_igemm); attention's matmuls go to a dense fp32 backend.
#include <stdexcept>

#include "bert/gemm_backend.hpp"
#include "bert/delegating_backend.hpp"
#include "bert/gemm_backend_dense.hpp"
#include "bert/gemm_backend_onednn_int8.hpp"
#include "bert/int8_activation_quantizer.hpp"
#include "dense/lowp_quantization.hpp"
#include "dense/own_igemm.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "nm/sparse_gemm_nm_int8.hpp"

namespace claimbench::bert {
namespace {

double kept_fraction_2of4(int K) { return static_cast<double>(nm::kept_positions_per_row(K, 2, 4)) / K; }

// --- 2:4 fp32: compressed values + positions, only kept weights multiplied ---
class Nm24Linear final : public PreparedLinear {
 public:
  Nm24Linear(const nm::SparseGemmVariant& v, const float* W, int M, int K) : v_(v), K_(K) {
    // compress_nm throws (naming row and group) when a group holds more than 2 nonzeros.
    const nm::CompressedNM c = nm::compress_nm(W, M, K, K, 2, 4);
    compressed_bytes_ = c.footprint_bytes();
    op_ = nm::prepare_nm_operand(c);
    nm::prepack_nm_operand(op_, v_);
  }
  void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) override {
    v_.run(op_, X, ldx, N, Y, ldy, threads);
  }
  std::size_t weight_bytes() const override { return compressed_bytes_; }
  double kept_fraction() const override { return kept_fraction_2of4(K_); }

 private:
  const nm::SparseGemmVariant& v_;
  int K_;
  std::size_t compressed_bytes_;
  nm::NMKernelOperand op_;
};

class Nm24Backend final : public DelegatingBackend {
 public:
  explicit Nm24Backend(const std::string& attention) : DelegatingBackend(attention) {
    v_ = nm::best_sparse_gemm_nm_variant(2, 4);
    if (!v_) throw std::runtime_error("no 2:4 fp32 kernel is compiled in");
  }
  std::string name() const override { return "2of4"; }
  std::string precision() const override { return "fp32"; }
  bool needs_2of4() const override { return true; }
  std::string linear_kernel() const override { return v_->name; }
  std::string linear_isa() const override { return v_->isa; }
  std::unique_ptr<PreparedLinear> prepare(const float* W, int M, int K) override {
    return std::make_unique<Nm24Linear>(*v_, W, M, K);
  }

 private:
  const nm::SparseGemmVariant* v_ = nullptr;
};

// --- int8: per-row symmetric weights (quantized once), per-tensor activations quantized in
// every run() (Int8ActivationQuantizer). The weights
// are packed with activation scale 1 and the per-row output scales s_w[i]·s_x are rewritten
// for each call's s_x (M multiplies). ---
class Int8Linear final : public PreparedLinear {
 public:
  Int8Linear(const dense::IgemmVariant& v, const float* W, int M, int K) : v_(v), M_(M), K_(K) {
    const lowp::QuantizedRows q = lowp::quantize_rows_s8(W, M, K, K);
    s_w_ = q.scale;
    w_ = dense::pack_igemm_weights(q.q.data(), M, K, q.scale.data(), 1.0f, v.mr);
  }
  void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) override {
    const float s_x = quantizer_.quantize(X, ldx, K_, N, threads);
    for (int i = 0; i < M_; ++i) w_.row_scale[i] = s_w_[i] * s_x;
    v_.run(w_, quantizer_.data(), N, N, Y, ldy, threads);
  }
  std::size_t weight_bytes() const override { return static_cast<std::size_t>(M_) * K_ + 4u * M_; }
  double conversion_seconds() const override { return quantizer_.seconds; }

 private:
  const dense::IgemmVariant& v_;
  int M_, K_;
  std::vector<float> s_w_;
  dense::IgemmWeights w_;
  Int8ActivationQuantizer quantizer_;
};

class Int8Nm24Linear final : public PreparedLinear {
 public:
  Int8Nm24Linear(const nm::NM24Int8Variant& v, const float* W, int M, int K) : v_(v), M_(M), K_(K) {
    const nm::CompressedNM c = nm::compress_nm(W, M, K, K, 2, 4);
    const lowp::QuantizedRows q = lowp::quantize_rows_s8(W, M, K, K);
    s_w_ = q.scale;
    op_ = nm::prepare_nm24_int8(c, q.q.data(), q.scale.data(), 1.0f, v);
  }
  void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) override {
    const float s_x = quantizer_.quantize(X, ldx, K_, N, threads);
    for (int i = 0; i < M_; ++i) op_.row_scale[i] = s_w_[i] * s_x;
    v_.run(op_, quantizer_.data(), N, N, Y, ldy, threads);
  }
  std::size_t weight_bytes() const override { return op_.format_bytes + 4u * M_; }
  double kept_fraction() const override { return kept_fraction_2of4(K_); }
  double conversion_seconds() const override { return quantizer_.seconds; }

 private:
  const nm::NM24Int8Variant& v_;
  int M_, K_;
  std::vector<float> s_w_;
  nm::NM24Int8Operand op_;
  Int8ActivationQuantizer quantizer_;
};

class Int8Backend final : public DelegatingBackend {
 public:
  Int8Backend(bool sparse, const std::string& attention) : DelegatingBackend(attention), sparse_(sparse) {
    dense_ = dense::best_own_igemm_variant();
    sparse_v_ = nm::best_nm24_int8_variant();
    if (!dense_ || (sparse && !sparse_v_)) throw std::runtime_error(gemm_backend_unavailable_reason(name()));
  }
  std::string name() const override { return sparse_ ? "int8.2of4" : "int8"; }
  std::string precision() const override { return "int8"; }
  bool needs_2of4() const override { return sparse_; }
  std::string linear_kernel() const override { return sparse_ ? sparse_v_->name : dense_->name; }
  std::string linear_isa() const override { return sparse_ ? sparse_v_->isa : dense_->isa; }
  std::unique_ptr<PreparedLinear> prepare(const float* W, int M, int K) override {
    if (K > lowp::kMaxInt8K) throw std::invalid_argument("int8 GEMM: K > 65536 could overflow int32");
    if (sparse_) return std::make_unique<Int8Nm24Linear>(*sparse_v_, W, M, K);
    return std::make_unique<Int8Linear>(*dense_, W, M, K);
  }

 private:
  bool sparse_;
  const dense::IgemmVariant* dense_ = nullptr;
  const nm::NM24Int8Variant* sparse_v_ = nullptr;
};

}  // namespace

const std::vector<std::string>& gemm_backend_names() {
  static const std::vector<std::string> names{"own", "openblas", "onednn", "2of4", "int8", "int8.2of4", "onednn.int8"};
  return names;
}

std::string gemm_backend_unavailable_reason(const std::string& name) {
  if (name == "int8" && !dense::best_own_igemm_variant())
    return "the int8 backend needs AVX512-VNNI (avx512f/bw/vl/dq + avx512vnni)";
  if (name == "int8.2of4" && (!dense::best_own_igemm_variant() || !nm::best_nm24_int8_variant()))
    return "the int8 2:4 backend needs AVX512-VNNI and AVX512-VBMI";
  return "";
}

std::unique_ptr<GemmBackend> make_gemm_backend(const std::string& name, const std::string& attention) {
  if (name == "own" || name == "openblas" || name == "onednn") return make_dense_backend(name);
  if (name == "2of4") return std::make_unique<Nm24Backend>(attention);
  if (name == "int8") return std::make_unique<Int8Backend>(false, attention);
  if (name == "int8.2of4") return std::make_unique<Int8Backend>(true, attention);
  if (name == "onednn.int8") return make_onednn_int8_backend(attention);
  throw std::invalid_argument("unknown GEMM backend '" + name + "' (own, openblas, onednn, 2of4, int8, int8.2of4, onednn.int8)");
}

}  // namespace claimbench::bert
