// dense.onednn.int8: oneDNN 2.x matmul on the same quantized operands as dense.own.int8:
// src = q_w (s8, M×K), weights = q_x (s8, K×N), dst f32 M×N with per-row output scales
// s_w[i]·s_x (attr output_scales, mask 1<<0). When this oneDNN refuses per-row output
// scales, dst is s32 and the scaling is a timed pass in run() (the kernel name says which).
#include <omp.h>

#include <cfloat>
#include <dnnl.hpp>
#include <vector>

#include "claimbench/registry.hpp"
#include "dense/lowp_operands.hpp"

namespace claimbench::dense {
namespace {

class OneDnnInt8Gemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.onednn.int8";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "int8";
    i.dense_baseline = true;
    i.description = "oneDNN matmul, s8 × s8 → f32 with per-row output scales, quantized exactly like dense.own.int8";
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (p.K > lowp::kMaxInt8K) return Support::no("K > 65536 could overflow the int32 accumulator");
    if (!lowp::all_finite(p.A, p.M, p.K, p.lda) || !lowp::all_finite(p.B, p.K, p.N, p.ldb))
      return Support::no("int8 quantization needs finite operands (NaN/Inf present)");
    return Support::yes();
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    using dnnl::memory;
    p_ = p;
    threads_ = config.threads;
    ops_.make(p);
    row_scale_.resize(p.M);
    for (int i = 0; i < p.M; ++i) row_scale_[i] = ops_.w.scale[i] * ops_.x.scale;
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);
    const memory::desc a_md({p.M, p.K}, memory::data_type::s8, memory::format_tag::ab);
    const memory::desc b_md({p.K, p.N}, memory::data_type::s8, memory::format_tag::ab);
    omp_set_num_threads(threads_);
    scaled_in_attr_ = true;
    try {
      const memory::desc c_md({p.M, p.N}, memory::data_type::f32, memory::format_tag::ab);
      dnnl::primitive_attr attr;
      attr.set_output_scales(1 << 0, row_scale_);
      pd_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), attr, engine_);
      c_mem_ = memory(c_md, engine_, c_.data());
    } catch (const dnnl::error&) {
      scaled_in_attr_ = false;
      acc_.assign(static_cast<std::size_t>(p.M) * p.N, 0);
      const memory::desc c_md({p.M, p.N}, memory::data_type::s32, memory::format_tag::ab);
      pd_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), engine_);
      c_mem_ = memory(c_md, engine_, acc_.data());
    }
    matmul_ = dnnl::matmul(pd_);
    a_ = memory(a_md, engine_, ops_.w.q.data());
    b_ = memory(b_md, engine_, ops_.x.q.data());
  }
  void run() override {
    omp_set_num_threads(threads_);
    matmul_.execute(stream_, {{DNNL_ARG_SRC, a_}, {DNNL_ARG_WEIGHTS, b_}, {DNNL_ARG_DST, c_mem_}});
    stream_.wait();
    if (!scaled_in_attr_) {
      const int M = p_.M, N = p_.N;
#pragma omp parallel for num_threads(threads_) if (threads_ > 1)
      for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j)
          c_[static_cast<std::size_t>(i) * N + j] = row_scale_[i] * static_cast<float>(acc_[static_cast<std::size_t>(i) * N + j]);
    }
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    const std::string impl = pd_ ? pd_.impl_info_str() : "not created";
    c.kernel = "onednn.matmul.s8s8" + std::string(scaled_in_attr_ ? "f32" : "s32+own-scaling") + "[" + impl + "]";
    c.isa = "library:" + impl;
    c.useful_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.dense_equivalent_flops = c.useful_flops;
    c.operand_bytes = static_cast<double>(p_.M) * p_.K;
    c.bytes_moved = c.operand_bytes + static_cast<double>(p_.K) * p_.N + 4.0 * p_.M * static_cast<double>(p_.N);
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    return ops_.effective(p_, "int8: per-output-channel symmetric weights, per-tensor symmetric activations, int32 accumulation");
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  bool scaled_in_attr_ = true;
  lowp::Int8Operands ops_;
  std::vector<float> row_scale_, c_;
  std::vector<int32_t> acc_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::matmul::primitive_desc pd_;
  dnnl::matmul matmul_;
  dnnl::memory a_, b_, c_mem_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OneDnnInt8Gemm);

}  // namespace
}  // namespace claimbench::dense
