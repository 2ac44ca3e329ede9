// dense.own.int8 (own AVX512-VNNI int8 GEMM, best variant for this CPU) and one
// dense.own.igemm.<tile>.<isa> per compiled variant. Quantization (lowp_quantization.hpp)
// and weight packing happen in prepare(); activation packing and the GEMM are timed.
#include <cfloat>
#include <vector>

#include "claimbench/registry.hpp"
#include "dense/lowp_operands.hpp"
#include "dense/own_igemm.hpp"

namespace claimbench::dense {
namespace {

class OwnInt8Gemm final : public Implementation {
 public:
  explicit OwnInt8Gemm(const IgemmVariant* variant) : variant_(variant) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string("dense.") + variant_->name : "dense.own.int8";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "int8";
    i.dense_baseline = true;
    i.description = std::string("Own packed int8 GEMM (vpdpbusd), per-channel symmetric int8 weights, per-tensor "
                                "int8 activations (u8, zero point 128), exact int32 accumulation, fp32 output") +
                    (variant_ ? std::string(", ") + variant_->name + " only" : ", best kernel chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (variant_ ? !variant_->available() : best_own_igemm_variant() == nullptr)
      return Support::no("this CPU lacks AVX512-VNNI (avx512f/bw/vl/dq + avx512vnni)");
    if (p.K > lowp::kMaxInt8K) return Support::no("K > 65536 could overflow the int32 accumulator");
    if (!lowp::all_finite(p.A, p.M, p.K, p.lda) || !lowp::all_finite(p.B, p.K, p.N, p.ldb))
      return Support::no("int8 quantization needs finite operands (NaN/Inf present)");
    return Support::yes();
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_own_igemm_variant();
    ops_.make(p);
    weights_ = pack_igemm_weights(ops_.w.q.data(), p.M, p.K, ops_.w.scale.data(), ops_.x.scale, chosen_->mr);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override { chosen_->run(weights_, ops_.x.u8.data(), p_.N, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    c.useful_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.dense_equivalent_flops = c.useful_flops;
    c.operand_bytes = static_cast<double>(p_.M) * p_.K;  // int8 weights
    c.bytes_moved = c.operand_bytes + static_cast<double>(p_.K) * p_.N + 4.0 * p_.M * static_cast<double>(p_.N);
    c.extra["weight_scale_bytes"] = 4.0 * p_.M;
    c.extra["kernel_operand_bytes"] = static_cast<double>(weights_.bytes());
    c.extra["activation_scale"] = ops_.x.scale;
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    return ops_.effective(p_, "int8: per-output-channel symmetric weights, per-tensor symmetric activations (u8 zero point 128), "
                    "exact int32 accumulation, fp32 scaling");
  }

 private:
  const IgemmVariant* variant_;
  const IgemmVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  lowp::Int8Operands ops_;
  IgemmWeights weights_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OwnInt8Gemm, nullptr);

const bool variants_registered = [] {
  for (const auto& v : own_igemm_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new OwnInt8Gemm(&v)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::dense
