#include "bert/gemm_backend_dense.hpp"

#include <cblas.h>
#include <omp.h>

#include <dnnl.hpp>
#include <map>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "dense/own_sgemm.hpp"

namespace claimbench::bert {
namespace {

// --- own: weights packed once into the microkernel's panels, activations packed per call ---
class OwnLinear final : public PreparedLinear {
 public:
  OwnLinear(const dense::SgemmVariant& v, const float* W, int M, int K) : v_(v) { v_.pack_weights(M, K, W, K, packed_); }
  void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) override {
    v_.run_packed(packed_, N, X, ldx, Y, ldy, threads);
  }
  std::size_t weight_bytes() const override { return packed_.bytes(); }

 private:
  const dense::SgemmVariant& v_;
  dense::PackedWeights packed_;
};

class OwnBackend final : public GemmBackend {
 public:
  std::string name() const override { return "own"; }
  std::string precision() const override { return "fp32"; }
  std::string linear_kernel() const override { return std::string(v_.name) + ".prepacked"; }
  std::string linear_isa() const override { return v_.isa; }
  std::string attention_kernel() const override { return v_.name; }
  std::unique_ptr<PreparedLinear> prepare(const float* W, int M, int K) override {
    return std::make_unique<OwnLinear>(v_, W, M, K);
  }
  void matmul(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
              int threads) override {
    v_.run(M, N, K, A, lda, B, ldb, C, ldc, threads);
  }

 private:
  const dense::SgemmVariant& v_ = dense::best_own_sgemm_variant();
};

// --- OpenBLAS: cblas_sgemm on the row-major weights as they are ---
void openblas_gemm(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
                   int threads) {
  openblas_set_num_threads(threads);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, C, ldc);
}

class OpenBlasLinear final : public PreparedLinear {
 public:
  OpenBlasLinear(const float* W, int M, int K) : w_(W), M_(M), K_(K) {}
  void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) override {
    openblas_gemm(M_, N, K_, w_, K_, X, ldx, Y, ldy, threads);
  }
  std::size_t weight_bytes() const override { return static_cast<std::size_t>(M_) * K_ * sizeof(float); }

 private:
  const float* w_;  // used in place: the library takes the row-major weights as they are
  int M_, K_;
};

class OpenBlasBackend final : public GemmBackend {
 public:
  std::string name() const override { return "openblas"; }
  std::string precision() const override { return "fp32"; }
  std::string linear_kernel() const override { return std::string("openblas.sgemm[") + openblas_get_corename() + "]"; }
  std::string linear_isa() const override { return std::string("library:") + openblas_get_corename(); }
  std::string attention_kernel() const override { return linear_kernel(); }
  std::unique_ptr<PreparedLinear> prepare(const float* W, int M, int K) override {
    return std::make_unique<OpenBlasLinear>(W, M, K);
  }
  void matmul(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
              int threads) override {
    openblas_gemm(M, N, K, A, lda, B, ldb, C, ldc, threads);
  }
};

// --- oneDNN: matmul primitives (2.x API), created once per shape and leading dimensions ---
class OneDnnMatmuls {
 public:
  OneDnnMatmuls() : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {}
  void run(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc, int threads) {
    omp_set_num_threads(threads);
    Entry& e = entry(M, N, K, lda, ldb, ldc);
    e.a.set_data_handle(const_cast<float*>(A));
    e.b.set_data_handle(const_cast<float*>(B));
    e.c.set_data_handle(C);
    e.matmul.execute(stream_, {{DNNL_ARG_SRC, e.a}, {DNNL_ARG_WEIGHTS, e.b}, {DNNL_ARG_DST, e.c}});
    stream_.wait();
  }
  std::string impl() const { return impl_.empty() ? "not created" : impl_; }

 private:
  struct Entry {
    dnnl::matmul matmul;
    dnnl::memory a, b, c;
  };
  Entry& entry(int M, int N, int K, int lda, int ldb, int ldc) {
    const auto key = std::make_tuple(M, N, K, lda, ldb, ldc);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    using dnnl::memory;
    const memory::desc a_md({M, K}, memory::data_type::f32, memory::dims{lda, 1});
    const memory::desc b_md({K, N}, memory::data_type::f32, memory::dims{ldb, 1});
    const memory::desc c_md({M, N}, memory::data_type::f32, memory::dims{ldc, 1});
    const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), engine_);
    impl_ = pd.impl_info_str();
    Entry e{dnnl::matmul(pd), memory(a_md, engine_, nullptr), memory(b_md, engine_, nullptr),
            memory(c_md, engine_, nullptr)};
    return cache_.emplace(key, std::move(e)).first->second;
  }
  dnnl::engine engine_;
  dnnl::stream stream_;
  std::map<std::tuple<int, int, int, int, int, int>, Entry> cache_;
  std::string impl_;
};

class OneDnnLinear final : public PreparedLinear {
 public:
  OneDnnLinear(OneDnnMatmuls& m, const float* W, int M, int K) : m_(m), w_(W), M_(M), K_(K) {}
  void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) override {
    m_.run(M_, N, K_, w_, K_, X, ldx, Y, ldy, threads);
  }
  std::size_t weight_bytes() const override { return static_cast<std::size_t>(M_) * K_ * sizeof(float); }

 private:
  OneDnnMatmuls& m_;
  const float* w_;  // used in place
  int M_, K_;
};

class OneDnnBackend final : public GemmBackend {
 public:
  std::string name() const override { return "onednn"; }
  std::string precision() const override { return "fp32"; }
  std::string linear_kernel() const override { return "onednn.matmul[" + m_.impl() + "]"; }
  std::string linear_isa() const override { return "library:" + m_.impl(); }
  std::string attention_kernel() const override { return linear_kernel(); }
  std::unique_ptr<PreparedLinear> prepare(const float* W, int M, int K) override {
    return std::make_unique<OneDnnLinear>(m_, W, M, K);
  }
  void matmul(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
              int threads) override {
    m_.run(M, N, K, A, lda, B, ldb, C, ldc, threads);
  }

 private:
  OneDnnMatmuls m_;
};

}  // namespace

std::unique_ptr<GemmBackend> make_own_backend() { return std::make_unique<OwnBackend>(); }
std::unique_ptr<GemmBackend> make_openblas_backend() { return std::make_unique<OpenBlasBackend>(); }
std::unique_ptr<GemmBackend> make_onednn_backend() { return std::make_unique<OneDnnBackend>(); }
std::unique_ptr<GemmBackend> make_dense_backend(const std::string& name) {
  if (name == "own") return make_own_backend();
  if (name == "openblas") return make_openblas_backend();
  if (name == "onednn") return make_onednn_backend();
  throw std::invalid_argument("unknown dense GEMM backend '" + name + "' (own, openblas, onednn)");
}

}  // namespace claimbench::bert
