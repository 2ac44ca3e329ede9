// The in-tree route from docs/adding-an-implementation.md. The test suite compiles this file
// (tests/CMakeLists.txt, target claimbench_doc_snippets) but links it into nothing, so the
// implementation below never joins the real registry.
// [snippet:in-tree]
#include <vector>

#include "claimbench/registry.hpp"

namespace claimbench::example {
namespace {

class NaiveGemm final : public Implementation {
 public:
  explicit NaiveGemm(int unroll) : unroll_(unroll) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "example.in-tree";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;  // may serve as a dense baseline in a check
    return i;
  }
  Support supports(const GemmProblem& problem, const ExecutionConfig& config) const override {
    if (config.threads != 1) return Support::no("single-threaded");
    if (!problem.pattern.is_dense()) return Support::no("dense operands only");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig&) override {
    p_ = problem;
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override {
    for (int i = 0; i < p_.M; ++i)
      for (int j = 0; j < p_.N; ++j) {
        float sum = 0.0f;
        for (int k = 0; k < p_.K; ++k) sum += p_.A[i * p_.lda + k] * p_.B[k * p_.ldb + j];
        c_[static_cast<std::size_t>(i) * p_.N + j] = sum;
      }
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = "example.in-tree.ijk.scalar";
    c.isa = "scalar";
    c.useful_flops = c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.extra["unroll"] = unroll_;
    return c;
  }

 private:
  int unroll_;
  GemmProblem p_;
  std::vector<float> c_;
};

// Constructor arguments follow the type.
CLAIMBENCH_REGISTER_IMPLEMENTATION(NaiveGemm, 1);

}  // namespace
}  // namespace claimbench::example
// [/snippet]
