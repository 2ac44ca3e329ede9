// The plugin from docs/adding-an-implementation.md, whole. The test suite builds it as a
// plugin (tests/CMakeLists.txt), loads it with `claimbench run --plugin` and checks what it
// stored, and tests/docs_snippets_check.cmake fails when the guide's copy of a marked region
// differs from this file.
// [snippet:plugin-includes]
#include <claimbench/plugin.hpp>

#include <vector>
// [/snippet]

namespace {

// [snippet:plugin-class]
// C = A·B, skipping the zeros of A: row i of C gathers a_ik · (row k of B) for each
// nonzero a_ik. Unstructured sparsity the simple way.
class SkipZerosGemm final : public claimbench::Implementation {
 public:
  claimbench::ImplementationInfo info() const override {
    claimbench::ImplementationInfo i;
    i.name = "example.skip-zeros";  // what claim files name
    i.technique = "unstructured";
    i.device = "cpu";
    i.precision = "fp32";
    i.description = "Scalar row-gather GEMM that skips the zeros of A (the guide's example)";
    return i;  // origin is set by the host: plugin:/abs/path/lib....so
  }
  claimbench::Support supports(const claimbench::GemmProblem&,
                               const claimbench::ExecutionConfig& config) const override {
    if (config.threads != 1) return claimbench::Support::no("single-threaded kernel");
    return claimbench::Support::yes();
  }
  void prepare(const claimbench::GemmProblem& problem, const claimbench::ExecutionConfig&) override {
    p_ = problem;  // the operands stay valid until this object is destroyed
    nonzeros_ = 0;
    for (int i = 0; i < p_.M; ++i)
      for (int k = 0; k < p_.K; ++k) nonzeros_ += p_.A[static_cast<long>(i) * p_.lda + k] != 0.0f;
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override {
    for (int i = 0; i < p_.M; ++i) {
      float* c = c_.data() + static_cast<long>(i) * p_.N;
      for (int j = 0; j < p_.N; ++j) c[j] = 0.0f;  // run() is called many times: overwrite
      for (int k = 0; k < p_.K; ++k) {
        const float a = p_.A[static_cast<long>(i) * p_.lda + k];
        if (a == 0.0f) continue;
        const float* b = p_.B + static_cast<long>(k) * p_.ldb;
        for (int j = 0; j < p_.N; ++j) c[j] += a * b[j];
      }
    }
  }
  std::span<const float> result() const override { return c_; }
  claimbench::Counters counters() const override {
    claimbench::Counters c;
    c.kernel = "example.skip-zeros.rowgather.scalar";  // what actually ran
    c.isa = "scalar";
    c.useful_flops = 2.0 * static_cast<double>(nonzeros_) * p_.N;
    c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.operand_bytes = 4.0 * p_.M * static_cast<double>(p_.K);
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    c.extra["nonzeros"] = static_cast<double>(nonzeros_);
    return c;
  }

 private:
  claimbench::GemmProblem p_;
  long nonzeros_ = 0;
  std::vector<float> c_;
};
// [/snippet]

// [snippet:plugin-entry]
void register_example(claimbench::PluginHost& host) {
  host.add([] { return std::make_unique<SkipZerosGemm>(); });
}

}  // namespace

CLAIMBENCH_PLUGIN("claimbench-guide-example", "1.0", register_example);
// [/snippet]
