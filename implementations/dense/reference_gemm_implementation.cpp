// dense.reference: the float64 oracle itself, measured so its speed is on record beside
// the kernels it judges.
#include <vector>

#include "claimbench/reference_gemm.hpp"
#include "claimbench/registry.hpp"

namespace claimbench::dense {
namespace {

class ReferenceGemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.reference";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32 in, fp64 accumulate";
    i.dense_baseline = false;
    i.description = "The correctness oracle: scalar i-k-j loops accumulating in double.";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig& config) const override {
    if (config.threads != 1) return Support::no("the oracle is single-threaded");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig&) override {
    p_ = problem;
    c64_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0);
    c_.assign(c64_.size(), 0.0f);
  }
  void run() override {
    reference_gemm_f64(p_.M, p_.N, p_.K, p_.A, p_.lda, p_.B, p_.ldb, c64_.data(), p_.N);
    for (std::size_t i = 0; i < c64_.size(); ++i) c_[i] = static_cast<float>(c64_[i]);
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = "reference.f64.ikj.scalar";
    c.isa = "scalar";
    c.useful_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.dense_equivalent_flops = c.useful_flops;
    c.bytes_moved = 4.0 * (static_cast<double>(p_.M) * p_.K + static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    c.operand_bytes = 4.0 * p_.M * static_cast<double>(p_.K);
    return c;
  }

 private:
  GemmProblem p_;
  std::vector<double> c64_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(ReferenceGemm);

}  // namespace
}  // namespace claimbench::dense
