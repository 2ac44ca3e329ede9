// dense.own: the project's own packed SGEMM with run-time dispatch, plus one implementation
// per compiled variant (dense.own.<tile>.<isa>) so each microkernel can be measured alone.
#include <string>
#include <vector>

#include "claimbench/registry.hpp"
#include "dense/dense_traffic.hpp"
#include "dense/own_sgemm.hpp"
#include "dense/own_sgemv.hpp"

namespace claimbench::dense {
namespace {

class OwnGemm final : public Implementation {
 public:
  // variant == nullptr: dispatch to the best variant this CPU runs.
  explicit OwnGemm(const SgemmVariant* variant) : variant_(variant) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string("dense.") + variant_->name : "dense.own";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = variant_ ? std::string("Own packed SGEMM, ") + variant_->isa + " microkernel only"
                             : "Own packed, blocked SGEMM; the best microkernel for this CPU is chosen at run time";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override {
    if (variant_ && !variant_->available())
      return Support::no(std::string("this CPU cannot run the ") + variant_->isa + " microkernel");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : &best_own_sgemm_variant();
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override { chosen_->run(p_.M, p_.N, p_.K, p_.A, p_.lda, p_.B, p_.ldb, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = dense_gemm_counters(p_);
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    return c;
  }

 private:
  const SgemmVariant* variant_;
  const SgemmVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OwnGemm, nullptr);

// dense.own.prepacked: the same kernel with the weights packed once in prepare(), as the 2:4
// implementations prepare theirs; per call only the activations are packed.
class OwnPrepackedGemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.own.prepacked";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = "Own packed SGEMM with the weights packed once, untimed (like the sparse formats)";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override { return Support::yes(); }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    chosen_ = &best_own_sgemm_variant();
    chosen_->pack_weights(p_.M, p_.K, p_.A, p_.lda, packed_);
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override { chosen_->run_packed(packed_, p_.N, p_.B, p_.ldb, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = dense_gemm_counters(p_);
    c.kernel = chosen_ ? std::string(chosen_->name) + ".prepacked" : "";
    c.isa = chosen_ ? chosen_->isa : "";
    c.extra["packed_weight_bytes"] = static_cast<double>(packed_.bytes());
    return c;
  }

 private:
  const SgemmVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  PackedWeights packed_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OwnPrepackedGemm);

const bool variants_registered = [] {
  for (const auto& v : own_sgemm_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new OwnGemm(&v)); });
  return true;
}();


// dense.own.sgemv.16x8.avx512: decode shapes (at most 32 columns). The weights are packed once in
// prepare(), 16 rows per vector, and streamed once per call, as the N:M window kernel streams
// its kept weights: the fair dense baseline for a 2:4 decode speedup.
class OwnFewColumnGemm final : public Implementation {
 public:
  static constexpr int kMaxColumns = 32;
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.own.sgemv.16x8.avx512";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = "Own dense kernel for at most 32 columns: weights packed once, 16 rows per AVX-512 vector, "
                    "each weight read once per 8 columns";
    return i;
  }
  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    if (!few_column_available()) return Support::no("this CPU lacks AVX-512F");
    if (problem.N > kMaxColumns)
      return Support::no("a decode baseline: at most " + std::to_string(kMaxColumns) + " columns, this product has " +
                         std::to_string(problem.N));
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    weights_ = pack_few_column_weights(p_.A, p_.M, p_.K, p_.lda);
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override { few_column_gemm(weights_, p_.B, p_.ldb, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = dense_gemm_counters(p_);
    c.kernel = "own.sgemv.16x8.avx512";
    c.isa = "avx512";
    return c;
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  FewColumnWeights weights_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OwnFewColumnGemm);

}  // namespace
}  // namespace claimbench::dense
