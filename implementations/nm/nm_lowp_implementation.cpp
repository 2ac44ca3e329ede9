// nm.2of4.int8 (best variant) and nm.2of4.int8.<tile>.<isa> per compiled variant: 2:4
// structured-sparse int8 GEMM (sparse_gemm_nm_int8.hpp). prepare() compresses the pruned
// fp32 weights (positions), quantizes them like dense.own.int8 (per-row symmetric) and the
// activations (per tensor), and builds the kernel operand; run() packs activations and
// multiplies only the kept weights.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

#include "claimbench/registry.hpp"
#include "dense/own_hgemm.hpp"
#include "dense/lowp_operands.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm_bf16.hpp"
#include "nm/sparse_gemm_nm_fp16.hpp"
#include "nm/sparse_gemm_nm_int8.hpp"

namespace claimbench::nm {
namespace {

// What every 2:4 low-precision GEMM reports: the variant that ran, kept and dense-equivalent
// work, and bytes counted from the stored format (values + 2-bit positions), not from a formula.
template <typename Variant>
Counters nm24_counters(const GemmProblem& p, const Variant* chosen, std::size_t format_bytes,
                       double activation_bytes, double kernel_operand_bytes) {
  Counters c;
  c.kernel = chosen ? chosen->name : "";
  c.isa = chosen ? chosen->isa : "";
  c.useful_flops = 2.0 * p.M * kept_positions_per_row(p.K, 2, 4) * p.N;
  c.dense_equivalent_flops = 2.0 * p.M * static_cast<double>(p.N) * p.K;
  c.operand_bytes = static_cast<double>(format_bytes);
  c.bytes_moved = c.operand_bytes + activation_bytes * p.K * static_cast<double>(p.N) +
                  4.0 * p.M * static_cast<double>(p.N);
  c.extra["kernel_operand_bytes"] = kernel_operand_bytes;
  return c;
}

class NM24Int8Gemm final : public Implementation {
 public:
  explicit NM24Int8Gemm(const NM24Int8Variant* variant) : variant_(variant) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string(variant_->name) : "nm.2of4.int8";
    i.technique = "nm-structured";
    i.device = "cpu";
    i.precision = "int8";
    i.dense_baseline = false;
    i.description = std::string("2:4 structured-sparse int8 weights (int8 values + 2-bit positions, per-channel scales) "
                                "× int8 activations, per-row-pair vpshufb selection + vpdpbusd (or the vpermt2b gather variants)") +
                    (variant_ ? std::string(", ") + variant_->name + " only" : ", best kernel chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (p.pattern.n != 2 || p.pattern.m != 4)
      return Support::no("weights are pruned to " + p.pattern.str() + ", this kernel needs 2:4");
    if (variant_ ? !variant_->available() : best_nm24_int8_variant() == nullptr)
      return Support::no(std::string("this CPU lacks ") + (variant_ ? variant_->isa : "both AVX512-VNNI and AVX-VNNI"));
    if (p.K > lowp::kMaxInt8K) return Support::no("K > 65536 could overflow the int32 accumulator");
    if (!lowp::all_finite(p.A, p.M, p.K, p.lda) || !lowp::all_finite(p.B, p.K, p.N, p.ldb))
      return Support::no("int8 quantization needs finite operands (NaN/Inf present)");
    return Support::yes();
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_nm24_int8_variant();
    const CompressedNM c = compress_nm(p.A, p.M, p.K, p.lda, 2, 4);  // throws unless 2:4
    ops_.make(p);  // quantized like dense.own.int8; zeros stay at the pruned positions
    operand_ = prepare_nm24_int8(c, ops_.w.q.data(), ops_.w.scale.data(), ops_.x.scale, *chosen_);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override { chosen_->run(operand_, ops_.x.u8.data(), p_.N, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = nm24_counters(p_, chosen_, operand_.format_bytes, 1.0, static_cast<double>(operand_.kernel_bytes()));
    c.extra["compressed_value_bytes"] = static_cast<double>(operand_.values.size());
    c.extra["compressed_metadata_bytes"] = static_cast<double>(operand_.metadata.size());
    c.extra["weight_scale_bytes"] = 4.0 * p_.M;
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    return ops_.effective(p_, "int8 2:4: per-output-channel symmetric weights, per-tensor symmetric activations (u8 zero point "
                    "128), exact int32 accumulation, fp32 scaling");
  }

 private:
  const NM24Int8Variant* variant_;
  const NM24Int8Variant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  lowp::Int8Operands ops_;
  NM24Int8Operand operand_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(NM24Int8Gemm, nullptr);

const bool int8_variants_registered = [] {
  for (const auto& v : nm24_int8_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new NM24Int8Gemm(&v)); });
  return true;
}();

// nm.2of4.bf16: A (pruned) and B rounded to bf16 in prepare(); the kept bf16 weights are
// compressed (9/16 of dense bf16) and only they are multiplied; fp32 accumulation.
class NM24Bf16Gemm final : public Implementation {
 public:
  explicit NM24Bf16Gemm(const NM24Bf16Variant* variant) : variant_(variant) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string(variant_->name) : "nm.2of4.bf16";
    i.technique = "nm-structured";
    i.device = "cpu";
    i.precision = "bf16";
    i.dense_baseline = false;
    i.description = std::string("2:4 structured-sparse bf16 weights (bf16 values + 2-bit positions) × bf16 "
                                "activations, vpermt2w gather + vdpbf16ps, fp32 accumulation") +
                    (variant_ ? std::string(", ") + variant_->name + " only" : ", best kernel chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (p.pattern.n != 2 || p.pattern.m != 4)
      return Support::no("weights are pruned to " + p.pattern.str() + ", this kernel needs 2:4");
    if (variant_ ? !variant_->available() : best_nm24_bf16_variant() == nullptr)
      return Support::no("this CPU lacks AVX512-BF16");
    if (!lowp::all_finite_bf16(p.A, p.M, p.K, p.lda) || !lowp::all_finite_bf16(p.B, p.K, p.N, p.ldb))
      return Support::no("bf16 kernels need operands that are finite after rounding to bf16");
    return Support::yes();
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_nm24_bf16_variant();
    ops_.make(p);
    // Rounding keeps zeros zero, so the rounded weights are 2:4 exactly when the fp32 ones are
    // (compress_nm throws otherwise); the kept values are exactly bf16.
    const CompressedNM c = compress_nm(ops_.ea.data(), p.M, p.K, p.K, 2, 4);
    operand_ = prepare_nm24_bf16(c, chosen_->mr);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override { chosen_->run(operand_, ops_.b.data(), p_.N, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    return nm24_counters(p_, chosen_, operand_.format_bytes, 2.0,
                         static_cast<double>(operand_.packed.size() * sizeof(NM24Bf16Entry)));
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    return ops_.effective(p_, "bf16 2:4: A and B rounded to bf16 (nearest even), exact products, fp32 accumulation");
  }

 private:
  const NM24Bf16Variant* variant_;
  const NM24Bf16Variant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  lowp::Bf16Operands ops_;
  NM24Bf16Operand operand_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(NM24Bf16Gemm, nullptr);

const bool bf16_variants_registered = [] {
  for (const auto& v : nm24_bf16_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new NM24Bf16Gemm(&v)); });
  return true;
}();

// nm.2of4.fp16: A (pruned) and B rounded to fp16 in prepare(); the kept fp16 weights are
// compressed (9/16 of dense fp16) and only they are multiplied. Accumulation like
// dense.own.fp16, its like-for-like baseline: fp16 sums within a K block (the variant's kc,
// at most the dense kernel's 256 k), fp32 across blocks; gated with fp16's epsilon 2^-10.
class NM24Fp16Gemm final : public Implementation {
 public:
  explicit NM24Fp16Gemm(const NM24Fp16Variant* variant) : variant_(variant) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string(variant_->name) : "nm.2of4.fp16";
    i.technique = "nm-structured";
    i.device = "cpu";
    i.precision = "fp16";
    i.dense_baseline = false;
    i.description = std::string("2:4 structured-sparse fp16 weights (fp16 values + 2-bit positions) × fp16 "
                                "activations, broadcast kept weight × packed activation row (vfmadd231ph), fp16 "
                                "accumulation within K blocks, fp32 across") +
                    (variant_ ? std::string(", ") + variant_->name + " only"
                              : ", kernel chosen at run time by CPU and by N (fewest padded columns)");
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (p.pattern.n != 2 || p.pattern.m != 4)
      return Support::no("weights are pruned to " + p.pattern.str() + ", this kernel needs 2:4");
    if (variant_ ? !variant_->available() : best_nm24_fp16_variant() == nullptr)
      return Support::no("this CPU lacks AVX512-FP16 (avx512f/bw/vl/dq + avx512fp16)");
    // The same range rule as dense.own.fp16, so both run on the same workloads.
    return lowp::fp16_range(p, claimbench::dense::kHgemmKBlock);
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_nm24_fp16_variant(p.N);
    ops_.make(p);
    // Rounding keeps zeros zero (and may flush tiny weights to zero), so the rounded weights
    // are still 2:4 and the kept values are exactly fp16.
    const CompressedNM c = compress_nm(ops_.ea.data(), p.M, p.K, p.K, 2, 4);
    operand_ = prepare_nm24_fp16(c, chosen_->mr, chosen_->nr);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override { chosen_->run(operand_, ops_.b.data(), p_.N, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = nm24_counters(p_, chosen_, operand_.format_bytes, 2.0, static_cast<double>(operand_.kernel_bytes()));
    c.extra["fp16_accumulation_block"] = chosen_ ? chosen_->kc : 0;
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    return ops_.effective(p_, std::ldexp(1.0, -10),
                          "fp16 2:4: A and B rounded to nearest even; fp16 accumulation within K blocks of at most "
                          "256 k, fp32 across");
  }

 private:
  const NM24Fp16Variant* variant_;
  const NM24Fp16Variant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  lowp::Fp16Operands ops_;
  NM24Fp16Operand operand_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(NM24Fp16Gemm, nullptr);

const bool fp16_variants_registered = [] {
  for (const auto& v : nm24_fp16_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new NM24Fp16Gemm(&v)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::nm
