// dense.own.fp16 (own AVX512-FP16 GEMM, fp16 accumulation in blocks of 256 k, fp32 across
// blocks; see own_hgemm.hpp) and dense.onednn.fp16 (oneDNN matmul f16 × f16 → f32, when this
// oneDNN build has an f16 matmul for this CPU; otherwise unsupported with oneDNN's reason).
// Both round A and B to fp16 (nearest even) in prepare() and declare the rounded operands.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <dnnl.hpp>
#include <string>
#include <vector>

#include "claimbench/registry.hpp"
#include "dense/lowp_operands.hpp"
#include "dense/own_hgemm.hpp"
#include "energy/energy_counters.hpp"

namespace claimbench::dense {
namespace {

using lowp::Fp16Operands;
using lowp::fp16_range;


void fp16_counters(Counters& c, const GemmProblem& p) {
  c.useful_flops = 2.0 * p.M * static_cast<double>(p.N) * p.K;
  c.dense_equivalent_flops = c.useful_flops;
  c.operand_bytes = 2.0 * p.M * static_cast<double>(p.K);
  c.bytes_moved = c.operand_bytes + 2.0 * p.K * p.N + 4.0 * p.M * static_cast<double>(p.N);
  energy::WorkProfile work;
  work.ops = {{"mac.fp16", c.useful_flops / 2.0}};
  work.dram_bytes = c.bytes_moved;
  energy::add_modeled_energy(c, work, c.dense_equivalent_flops);
}

class OwnFp16Gemm final : public Implementation {
 public:
  explicit OwnFp16Gemm(const HgemmVariant* variant) : variant_(variant) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string("dense.") + variant_->name : "dense.own.fp16";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp16";
    i.dense_baseline = true;
    i.description = std::string("Own fp16 GEMM (vfmadd231ph): operands rounded to fp16, fp16 accumulation within blocks of ") +
                    std::to_string(kHgemmKBlock) + " k, fp32 across blocks, fp32 output" +
                    (variant_ ? std::string(", ") + variant_->name + " only" : ", best kernel chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (variant_ ? !variant_->available() : best_own_hgemm_variant() == nullptr)
      return Support::no("this CPU lacks AVX512-FP16 (avx512f/bw/vl/dq + avx512fp16)");
    return fp16_range(p, kHgemmKBlock);
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_own_hgemm_variant();
    ops_.make(p);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override {
    chosen_->run(ops_.a.data(), p_.K, ops_.b.data(), p_.N, c_.data(), p_.N, p_.M, p_.N, p_.K, threads_);
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    fp16_counters(c, p_);
    c.extra["fp16_accumulation_block"] = kHgemmKBlock;
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    // fp16 accumulators: machine epsilon 2^-10.
    return ops_.effective(p_, std::ldexp(1.0, -10),
                          "fp16: A and B rounded to nearest even; fp16 accumulation within 256-k blocks, fp32 across");
  }

 private:
  const HgemmVariant* variant_;
  const HgemmVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  Fp16Operands ops_;
  std::vector<float> c_;
};

// Whether this oneDNN has an f16 matmul here, and its implementation name or its refusal.
struct OneDnnF16Probe {
  bool ok = false;
  std::string detail;
};
const OneDnnF16Probe& onednn_f16_probe() {
  static const OneDnnF16Probe probe = [] {
    OneDnnF16Probe r;
    try {
      using dnnl::memory;
      dnnl::engine eng(dnnl::engine::kind::cpu, 0);
      const memory::desc a({16, 16}, memory::data_type::f16, memory::format_tag::ab);
      const memory::desc c({16, 16}, memory::data_type::f32, memory::format_tag::ab);
      dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, a, c), eng);
      r.ok = true;
      r.detail = pd.impl_info_str();
    } catch (const dnnl::error& e) {
      r.detail = std::string("oneDNN ") + std::to_string(dnnl_version()->major) + "." +
                 std::to_string(dnnl_version()->minor) + "." + std::to_string(dnnl_version()->patch) +
                 " has no f16 matmul for this CPU (" + e.what() + ")";
    }
    return r;
  }();
  return probe;
}

class OneDnnFp16Gemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.onednn.fp16";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp16";
    i.dense_baseline = true;
    i.description = "oneDNN matmul f16 × f16 → f32 on the same fp16-rounded operands as dense.own.fp16";
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (!onednn_f16_probe().ok) return Support::no(onednn_f16_probe().detail);
    // oneDNN's accumulation order is its own; assume fp16 partial sums over all of K.
    return fp16_range(p, p.K);
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    using dnnl::memory;
    p_ = p;
    threads_ = config.threads;
    ops_.make(p);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);
    const memory::desc a_md({p.M, p.K}, memory::data_type::f16, memory::format_tag::ab);
    const memory::desc b_md({p.K, p.N}, memory::data_type::f16, memory::format_tag::ab);
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
    Counters c;
    const std::string impl = pd_ ? pd_.impl_info_str() : "not created";
    c.kernel = "onednn.matmul.f16f16f32[" + impl + "]";
    c.isa = "library:" + impl;
    fp16_counters(c, p_);
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    return ops_.effective(p_, std::ldexp(1.0, -10), "fp16: A and B rounded to nearest even; oneDNN f16 matmul");
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  Fp16Operands ops_;
  std::vector<float> c_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::matmul::primitive_desc pd_;
  dnnl::matmul matmul_;
  dnnl::memory a_, b_, c_mem_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OwnFp16Gemm, nullptr);
CLAIMBENCH_REGISTER_IMPLEMENTATION(OneDnnFp16Gemm);

const bool variants_registered = [] {
  for (const auto& v : own_hgemm_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new OwnFp16Gemm(&v)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::dense
