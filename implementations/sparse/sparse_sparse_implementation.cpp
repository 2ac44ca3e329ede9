// sparse-sparse (and sparse-sparse.<matcher>.<isa>): pruned weights and ReLU-sparse
// activations both compressed into fibers and intersected with vector compares (the software
// form of SNAP's associative index matching). prepare() compresses the weights and runs the
// counting kernel once (untimed) for the match counters; run() compresses the activations,
// as an inference step would receive them dense, and intersects.
#include <vector>

#include "claimbench/registry.hpp"
#include "sparse/csr_matrix.hpp"
#include "sparse/sparse_sparse_gemm.hpp"

namespace claimbench::sparse {
namespace {

class SparseSparseGemm final : public Implementation {
 public:
  explicit SparseSparseGemm(const IntersectVariant* variant) : variant_(variant) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = variant_ ? variant_->name : "sparse-sparse";
    i.technique = "unstructured-sparse-sparse";
    i.device = "cpu";
    i.precision = "fp32";
    i.description = std::string("compressed weight fibers ∩ compressed activation fibers, vector-compare matching") +
                    (variant_ ? std::string(", ") + variant_->isa + " kernel only" : ", best kernel chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    if (!problem.pattern.is_dense())
      return Support::no("weights are pruned to " + problem.pattern.str() +
                         "; the intersection kernel is measured on unstructured (or dense) patterns");
    if (variant_ && !variant_->available())
      return Support::no(std::string("this CPU cannot run the ") + variant_->isa + " kernel");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : &best_intersect_variant();
    weights_ = weight_fibers(csr_from_dense(p_.A, p_.M, p_.K, p_.lda));
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
    compress_activations(p_.B, p_.K, p_.N, p_.ldb, activations_);
    counts_ = {};
    chosen_->run(weights_, activations_, c_.data(), p_.N, 1, &counts_);
  }
  void run() override {
    compress_activations(p_.B, p_.K, p_.N, p_.ldb, activations_);
    chosen_->run(weights_, activations_, c_.data(), p_.N, threads_, nullptr);
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    const double matches = static_cast<double>(counts_.matches);
    const double dense = static_cast<double>(p_.M) * p_.N * p_.K;
    c.useful_flops = 2.0 * matches;
    c.dense_equivalent_flops = 2.0 * dense;
    c.operand_bytes = static_cast<double>(weights_.bytes());
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    const double kn = static_cast<double>(p_.K) * p_.N, mk = static_cast<double>(p_.M) * p_.K;
    c.extra["effectual_macs"] = matches;
    c.extra["effectual_mac_fraction"] = dense > 0 ? matches / dense : 0.0;
    c.extra["intersection.matches"] = matches;
    c.extra["intersection.queries"] = static_cast<double>(counts_.queries);
    c.extra["intersection.windows"] = static_cast<double>(counts_.windows);
    c.extra["weight_density"] = mk > 0 ? static_cast<double>(weights_.nonzeros()) / mk : 0.0;
    c.extra["activation_density"] = kn > 0 ? static_cast<double>(activations_.nonzeros()) / kn : 0.0;
    c.extra["activation_fiber_bytes"] = static_cast<double>(activations_.bytes());
    return c;
  }

 private:
  const IntersectVariant* variant_;
  const IntersectVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  Fibers weights_, activations_;
  IntersectCounts counts_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(SparseSparseGemm, nullptr);

const bool variants_registered = [] {
  for (const auto& v : intersect_variants())
    Registry::global().add([&v] { return std::unique_ptr<Implementation>(new SparseSparseGemm(&v)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::sparse
