// nm.2of4 (and nm.1of2): N:M structured-sparse GEMM on the CPU. prepare() compresses the
// pruned weights (values + 2-bit positions) and builds the kernel operand; its cost is
// recorded as prepare time. One implementation per compiled variant is registered too.
#include <algorithm>
#include <vector>

#include "claimbench/registry.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"

namespace claimbench::nm {
namespace {

std::string pattern_name(int n, int m) { return std::to_string(n) + "of" + std::to_string(m); }

class NMGemm final : public Implementation {
 public:
  // variant == nullptr: the best variant for n:m on this CPU.
  NMGemm(int n, int m, const SparseGemmVariant* variant) : n_(n), m_(m), variant_(variant) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? std::string(variant_->name) : "nm." + pattern_name(n_, m_);
    i.technique = "nm-structured";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = false;
    i.description = std::to_string(n_) + ":" + std::to_string(m_) +
                    " structured-sparse weights (compressed values + position metadata) × dense activations" +
                    (variant_ ? std::string(", ") + variant_->isa + " kernel only" : ", best kernel for this CPU and column count chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    if (problem.pattern.n != n_ || problem.pattern.m != m_)
      return Support::no("weights are pruned to " + problem.pattern.str() + ", this kernel needs " +
                         std::to_string(n_) + ":" + std::to_string(m_));
    if (variant_ && !variant_->available())
      return Support::no(std::string("this CPU cannot run the ") + variant_->isa + " kernel");
    if (!variant_ && !best_sparse_gemm_nm_variant(n_, m_)) return Support::no("no kernel for this pattern on this CPU");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_sparse_gemm_nm_variant(n_, m_, p_.N);
    compressed_ = compress_nm(p_.A, p_.M, p_.K, p_.lda, n_, m_);
    operand_ = prepare_nm_operand(compressed_);
    prepack_nm_operand(operand_, *chosen_);
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override { chosen_->run(operand_, p_.B, p_.ldb, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    const double kept_per_row = kept_positions_per_row(p_.K, n_, m_);
    c.useful_flops = 2.0 * p_.M * kept_per_row * p_.N;
    c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.operand_bytes = static_cast<double>(compressed_.footprint_bytes());
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    c.extra["compressed_value_bytes"] = static_cast<double>(compressed_.value_bytes());
    c.extra["compressed_metadata_bytes"] = static_cast<double>(compressed_.metadata_bytes());
    c.extra["kernel_operand_bytes"] = static_cast<double>(operand_.bytes());
    return c;
  }

 private:
  int n_, m_;
  const SparseGemmVariant* variant_;
  const SparseGemmVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  CompressedNM compressed_;
  NMKernelOperand operand_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(NMGemm, 2, 4, nullptr);
CLAIMBENCH_REGISTER_IMPLEMENTATION(NMGemm, 1, 2, nullptr);

const bool variants_registered = [] {
  for (const auto& v : sparse_gemm_nm_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new NMGemm(v.n, v.m, &v)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::nm
