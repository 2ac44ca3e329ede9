#include "bert/gemm_backend_onednn_int8.hpp"

#include <omp.h>

#include <dnnl.hpp>
#include <map>
#include <utility>
#include <vector>

#include "bert/delegating_backend.hpp"
#include "bert/int8_activation_quantizer.hpp"
#include "dense/lowp_quantization.hpp"

namespace claimbench::bert {
namespace {

struct OneDnnContext {
  OneDnnContext() : engine(dnnl::engine::kind::cpu, 0), stream(engine) {}
  dnnl::engine engine;
  dnnl::stream stream;
  std::string impl;  // the kernel oneDNN chose for the last primitive created
  bool own_scaling = false;  // some primitive needed the s32 fallback
};

// Y [M × N] = diag(s_w·s_x) · (q_w [M × K] s8 · q_x [K × N] s8). The per-row output scales
// change with every call's s_x, so they are a runtime argument of the primitive; a oneDNN that
// refuses runtime per-row scales gets an s32 result and a timed scaling pass instead.
class OneDnnInt8Linear final : public PreparedLinear {
 public:
  OneDnnInt8Linear(OneDnnContext& ctx, const float* W, int M, int K) : ctx_(ctx), M_(M), K_(K) {
    lowp::QuantizedRows q = lowp::quantize_rows_s8(W, M, K, K);
    q_w_ = std::move(q.q);
    s_w_ = std::move(q.scale);
    scale_.resize(M);
  }
  void run(const float* X, int ldx, int N, float* Y, int ldy, int threads) override {
    omp_set_num_threads(threads);
    const float s_x = quantizer_.quantize(X, ldx, K_, N, threads, /*to_signed=*/true);
    for (int i = 0; i < M_; ++i) scale_[i] = s_w_[i] * s_x;
    Entry& e = entry(N, ldy);
    e.b.set_data_handle(const_cast<std::uint8_t*>(quantizer_.data()));
    if (e.own_scaling) {
      acc_.resize(static_cast<std::size_t>(M_) * N);
      e.c.set_data_handle(acc_.data());
      e.matmul.execute(ctx_.stream, {{DNNL_ARG_SRC, e.a}, {DNNL_ARG_WEIGHTS, e.b}, {DNNL_ARG_DST, e.c}});
      ctx_.stream.wait();
#pragma omp parallel for num_threads(threads) if (threads > 1)
      for (int i = 0; i < M_; ++i)
        for (int j = 0; j < N; ++j)
          Y[static_cast<std::size_t>(i) * ldy + j] = scale_[i] * static_cast<float>(acc_[static_cast<std::size_t>(i) * N + j]);
      return;
    }
    e.c.set_data_handle(Y);
    e.matmul.execute(ctx_.stream, {{DNNL_ARG_SRC, e.a},
                                   {DNNL_ARG_WEIGHTS, e.b},
                                   {DNNL_ARG_DST, e.c},
                                   {DNNL_ARG_ATTR_OUTPUT_SCALES, e.scales}});
    ctx_.stream.wait();
  }
  std::size_t weight_bytes() const override { return static_cast<std::size_t>(M_) * K_ + 4u * M_; }
  double conversion_seconds() const override { return quantizer_.seconds; }

 private:
  struct Entry {
    dnnl::matmul matmul;
    dnnl::memory a, b, c, scales;
    bool own_scaling = false;
  };
  // One primitive per (tokens, output stride): created on first use, untimed afterwards.
  Entry& entry(int N, int ldy) {
    const auto key = std::make_pair(N, ldy);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    using dnnl::memory;
    const memory::desc a_md({M_, K_}, memory::data_type::s8, memory::format_tag::ab);
    const memory::desc b_md({K_, N}, memory::data_type::s8, memory::format_tag::ab);
    Entry e;
    try {
      const memory::desc c_md({M_, N}, memory::data_type::f32, memory::dims{ldy, 1});
      dnnl::primitive_attr attr;
      attr.set_output_scales(1 << 0, {DNNL_RUNTIME_F32_VAL});
      const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), attr, ctx_.engine);
      e.matmul = dnnl::matmul(pd);
      e.c = memory(c_md, ctx_.engine, nullptr);
      e.scales = memory(memory::desc({M_}, memory::data_type::f32, memory::format_tag::a), ctx_.engine,
                        scale_.data());
      ctx_.impl = pd.impl_info_str();
    } catch (const dnnl::error&) {
      const memory::desc c_md({M_, N}, memory::data_type::s32, memory::format_tag::ab);
      const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), ctx_.engine);
      e.matmul = dnnl::matmul(pd);
      e.c = memory(c_md, ctx_.engine, nullptr);
      e.own_scaling = ctx_.own_scaling = true;
      ctx_.impl = pd.impl_info_str();
    }
    e.a = memory(a_md, ctx_.engine, q_w_.data());
    e.b = memory(b_md, ctx_.engine, nullptr);
    return cache_.emplace(key, std::move(e)).first->second;
  }

  OneDnnContext& ctx_;
  int M_, K_;
  std::vector<std::int8_t> q_w_;
  std::vector<float> s_w_, scale_;
  std::vector<std::int32_t> acc_;
  Int8ActivationQuantizer quantizer_;
  std::map<std::pair<int, int>, Entry> cache_;
};

class OneDnnInt8Backend final : public DelegatingBackend {
 public:
  explicit OneDnnInt8Backend(const std::string& attention) : DelegatingBackend(attention) {}
  std::string name() const override { return "onednn.int8"; }
  std::string precision() const override { return "int8"; }
  std::string linear_kernel() const override {
    return "onednn.matmul.s8s8" + std::string(ctx_.own_scaling ? "s32+own-scaling" : "f32") + "[" +
           (ctx_.impl.empty() ? "not created" : ctx_.impl) + "]";
  }
  std::string linear_isa() const override { return "library:" + (ctx_.impl.empty() ? "not created" : ctx_.impl); }
  std::unique_ptr<PreparedLinear> prepare(const float* W, int M, int K) override {
    if (K > lowp::kMaxInt8K) throw std::invalid_argument("int8 GEMM: K > 65536 could overflow int32");
    return std::make_unique<OneDnnInt8Linear>(ctx_, W, M, K);
  }

 private:
  OneDnnContext ctx_;
};

}  // namespace

std::unique_ptr<GemmBackend> make_onednn_int8_backend(const std::string& attention) {
  return std::make_unique<OneDnnInt8Backend>(attention);
}

}  // namespace claimbench::bert
