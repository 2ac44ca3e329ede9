// csr (and csr.<tile>.<isa>): unstructured-sparse weights in CSR × dense activations.
// prepare() builds the CSR matrix and the variant's blocked operand (untimed, cost recorded);
// run() packs B and multiplies. The best available variant is registered as "csr", and every
// compiled variant under its own name.
#include <vector>

#include "claimbench/registry.hpp"
#include "sparse/csr_matrix.hpp"
#include "sparse/sparse_gemm_csr.hpp"

namespace claimbench::sparse {
namespace {

class CsrGemm final : public Implementation {
 public:
  explicit CsrGemm(const CsrVariant* variant) : variant_(variant) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? variant_->name : "csr";
    i.technique = "unstructured-sparse";
    i.device = "cpu";
    i.precision = "fp32";
    i.description = std::string("CSR sparse weights (row-sorted, k-blocked, byte offsets) × dense activations") +
                    (variant_ ? std::string(", ") + variant_->isa + " kernel only" : ", kernel chosen at run time by CPU features and weight density");
    return i;
  }
  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    if (!problem.pattern.is_dense())
      return Support::no("weights are pruned to " + problem.pattern.str() +
                         "; the CSR kernel is measured on unstructured (or dense) patterns");
    if (variant_ && !variant_->available())
      return Support::no(std::string("this CPU cannot run the ") + variant_->isa + " kernel");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    csr_ = csr_from_dense(p_.A, p_.M, p_.K, p_.lda);
    const double cells = static_cast<double>(p_.M) * p_.K;
    chosen_ = variant_ ? variant_ : &best_csr_variant(cells > 0 ? static_cast<double>(csr_.nnz()) / cells : 1.0);
    operand_ = prepare_csr_operand(csr_, *chosen_);
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override { chosen_->run(operand_, p_.B, p_.ldb, p_.N, c_.data(), p_.N, threads_); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    const double nnz = static_cast<double>(csr_.nnz());
    c.useful_flops = 2.0 * nnz * p_.N;
    c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.operand_bytes = static_cast<double>(csr_.bytes());
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    const double total = static_cast<double>(p_.M) * p_.K;
    c.extra["csr.nonzeros"] = nnz;
    c.extra["csr.weight_sparsity"] = total > 0 ? 1.0 - nnz / total : 0.0;
    c.extra["csr.requested_sparsity"] = p_.unstructured_sparsity;
    c.extra["csr.kernel_operand_bytes"] = static_cast<double>(operand_.bytes());
    c.extra["csr.filler_entries"] = static_cast<double>(operand_.filler_entries());
    c.extra["csr.mr"] = operand_.mr;
    c.extra["csr.nr"] = operand_.nr;
    c.extra["csr.kc"] = operand_.kc;
    c.extra["csr.k_blocks"] = operand_.k_blocks;
    return c;
  }

 private:
  const CsrVariant* variant_;
  const CsrVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  CsrMatrix csr_;
  CsrKernelOperand operand_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(CsrGemm, nullptr);

const bool variants_registered = [] {
  for (const auto& v : csr_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new CsrGemm(&v)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::sparse
