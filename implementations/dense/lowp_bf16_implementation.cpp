// dense.own.bf16 (own AVX512-BF16 GEMM, best variant), dense.own.bf16gemm.<tile>.<isa> per
// variant, and dense.onednn.bf16 (oneDNN matmul bf16 × bf16 → f32), all on A and B rounded
// to bf16 (nearest even) in prepare(); fp32 accumulation.
#include <omp.h>

#include <cfloat>
#include <dnnl.hpp>
#include <vector>

#include "claimbench/registry.hpp"
#include "dense/lowp_operands.hpp"
#include "dense/own_bf16gemm.hpp"

namespace claimbench::dense {
namespace {

using lowp::Bf16Operands;
constexpr const char* kBf16Operands = "bf16: A and B rounded to bf16 (nearest even), exact products, fp32 accumulation";

Counters bf16_counters(const GemmProblem& p) {
  Counters c;
  c.useful_flops = 2.0 * p.M * static_cast<double>(p.N) * p.K;
  c.dense_equivalent_flops = c.useful_flops;
  c.operand_bytes = 2.0 * p.M * static_cast<double>(p.K);
  c.bytes_moved = c.operand_bytes + 2.0 * p.K * static_cast<double>(p.N) + 4.0 * p.M * static_cast<double>(p.N);
  return c;
}

class OwnBf16Gemm final : public Implementation {
 public:
  explicit OwnBf16Gemm(const Bf16GemmVariant* variant) : variant_(variant) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string("dense.") + variant_->name : "dense.own.bf16";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "bf16";
    i.dense_baseline = true;
    i.description = std::string("Own packed bf16 GEMM (vdpbf16ps), fp32 accumulation") +
                    (variant_ ? std::string(", ") + variant_->name + " only" : ", best kernel chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (variant_ ? !variant_->available() : best_own_bf16gemm_variant() == nullptr)
      return Support::no("this CPU lacks AVX512-BF16");
    if (!lowp::all_finite_bf16(p.A, p.M, p.K, p.lda) || !lowp::all_finite_bf16(p.B, p.K, p.N, p.ldb))
      return Support::no("bf16 kernels need operands that are finite after rounding to bf16");
    return Support::yes();
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_own_bf16gemm_variant();
    ops_.make(p);
    w_ = pack_bf16_weights(ops_.a.data(), p.M, p.K, chosen_->mr);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override { chosen_->run(w_, ops_.b.data(), p_.N, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = bf16_counters(p_);
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override { return ops_.effective(p_, kBf16Operands); }

 private:
  const Bf16GemmVariant* variant_;
  const Bf16GemmVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  Bf16Operands ops_;
  Bf16Weights w_;
  std::vector<float> c_;
};

class OneDnnBf16Gemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.onednn.bf16";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "bf16";
    i.dense_baseline = true;
    i.description = "oneDNN matmul, bf16 × bf16 → f32, on the same bf16-rounded operands as dense.own.bf16";
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (!lowp::all_finite_bf16(p.A, p.M, p.K, p.lda) || !lowp::all_finite_bf16(p.B, p.K, p.N, p.ldb))
      return Support::no("bf16 kernels need operands that are finite after rounding to bf16");
    return Support::yes();
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    using dnnl::memory;
    p_ = p;
    threads_ = config.threads;
    ops_.make(p);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);
    const memory::desc a_md({p.M, p.K}, memory::data_type::bf16, memory::format_tag::ab);
    const memory::desc b_md({p.K, p.N}, memory::data_type::bf16, memory::format_tag::ab);
    const memory::desc c_md({p.M, p.N}, memory::data_type::f32, memory::format_tag::ab);
    omp_set_num_threads(threads_);
    pd_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), engine_);
    matmul_ = dnnl::matmul(pd_);
    a_ = memory(a_md, engine_, ops_.a.data());
    b_ = memory(b_md, engine_, ops_.b.data());
    c_mem_ = memory(c_md, engine_, c_.data());
  }
  void run() override {
    omp_set_num_threads(threads_);
    matmul_.execute(stream_, {{DNNL_ARG_SRC, a_}, {DNNL_ARG_WEIGHTS, b_}, {DNNL_ARG_DST, c_mem_}});
    stream_.wait();
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = bf16_counters(p_);
    const std::string impl = pd_ ? pd_.impl_info_str() : "not created";
    c.kernel = "onednn.matmul.bf16[" + impl + "]";
    c.isa = "library:" + impl;
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override { return ops_.effective(p_, kBf16Operands); }

 private:
  GemmProblem p_;
  int threads_ = 1;
  Bf16Operands ops_;
  std::vector<float> c_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::matmul::primitive_desc pd_;
  dnnl::matmul matmul_;
  dnnl::memory a_, b_, c_mem_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OwnBf16Gemm, nullptr);
CLAIMBENCH_REGISTER_IMPLEMENTATION(OneDnnBf16Gemm);

const bool bf16_variants_registered = [] {
  for (const auto& v : own_bf16gemm_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new OwnBf16Gemm(&v)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::dense
