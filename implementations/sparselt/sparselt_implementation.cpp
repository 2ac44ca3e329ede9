// sparselt.cpu.*: the N:M kernels reached through the cuSPARSELt-style API, the way an
// application would use the library. Three ways to use it, so the costs separate:
//   sparselt.cpu.2of4                    plan built and searched once in prepare(); run() = matmul
//   sparselt.cpu.2of4.default-algo       same without the search (the heuristic's kernel)
//   sparselt.cpu.2of4.rebuild-per-call   run() rebuilds descriptors and plan around every matmul,
//                                        as PyTorch's integration once did (0.41× of dense on an
//                                        H100, pytorch/pytorch#153825); the compressed weights
//                                        are kept, as there.
// Counters: plan_setup_seconds (descriptors + selection + plan), search_seconds and
// compress_seconds are measured in prepare() and stored apart from the matmul time.
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "claimbench/registry.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "sparselt/sparselt.hpp"
#include "sparselt/sparselt_setup.hpp"

namespace claimbench::sparselt {
namespace {

enum class Mode { searched, default_algo, rebuild_per_call };

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class SparseLtGemm final : public Implementation {
 public:
  SparseLtGemm(int n, int m, Mode mode) : pattern_{n, m}, mode_(mode) {}
  ~SparseLtGemm() override {
    if (handle_.initialized) {
      teardown(&handle_, &setup_);
      destroy(&handle_);
    }
  }

  ImplementationInfo info() const override {
    ImplementationInfo i;
    const std::string p = std::to_string(pattern_.n) + "of" + std::to_string(pattern_.m);
    i.name = "sparselt.cpu." + p + (mode_ == Mode::default_algo ? ".default-algo"
                                    : mode_ == Mode::rebuild_per_call ? ".rebuild-per-call" : "");
    i.technique = "nm-structured";
    i.device = "cpu";
    i.precision = "fp32";
    i.description = std::to_string(pattern_.n) + ":" + std::to_string(pattern_.m) +
                    " structured-sparse GEMM through the cuSPARSELt-style sparselt API (prune check, compress, " +
                    (mode_ == Mode::searched ? "algorithm search, plan reused" :
                     mode_ == Mode::default_algo ? "default algorithm, plan reused" :
                     "descriptors and plan rebuilt around every matmul") + ")";
    return i;
  }

  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    if (problem.pattern.n != pattern_.n || problem.pattern.m != pattern_.m)
      return Support::no("weights are pruned to " + problem.pattern.str() + ", this plan needs " +
                         std::to_string(pattern_.n) + ":" + std::to_string(pattern_.m));
    if (!nm::best_sparse_gemm_nm_variant(pattern_.n, pattern_.m)) return Support::no("no kernel for this pattern on this CPU");
    return Support::yes();
  }

  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    expect(init(&handle_), "init");
    expect(set_threads(&handle_, config.threads), "set_threads");
    auto t0 = Clock::now();
    expect(setup_row_major(&handle_, &setup_, p_.M, p_.N, p_.K, p_.lda, p_.ldb, p_.N, pattern_), "set-up");
    plan_setup_seconds_ = seconds_since(t0);
    int valid = 0;
    expect(prune_check(&handle_, &setup_.matmul, p_.A, &valid), "prune_check");
    if (!valid) throw std::runtime_error("the weights break the pattern: " + last_error(handle_));
    std::size_t bytes = 0, workspace = 0;
    expect(compressed_size(&handle_, &setup_.plan, &bytes, &workspace), "compressed_size");
    expect(storage_footprint(&handle_, &setup_.plan, &footprint_), "storage_footprint");
    compressed_bytes_ = bytes;
    compressed_ = allocate_aligned(bytes);
    std::vector<float> work(workspace / sizeof(float));
    t0 = Clock::now();
    expect(compress(&handle_, &setup_.plan, p_.A, compressed_.get(), work.data()), "compress");
    compress_seconds_ = seconds_since(t0);
    if (mode_ == Mode::searched) {
      expect(search(&handle_, &setup_.plan, compressed_.get(), p_.B), "search");
      search_seconds_ = setup_.plan.search_seconds;
    }
    expect(plan_kernel_name(&handle_, &setup_.plan, &kernel_), "plan_kernel_name");
    config_id_ = setup_.plan.selection.config_id;
    candidates_ = static_cast<int>(setup_.plan.selection.candidates.size());
    if (mode_ == Mode::rebuild_per_call) expect(teardown(&handle_, &setup_), "teardown");
    d_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }

  void run() override {
    if (mode_ == Mode::rebuild_per_call) {
      expect(setup_row_major(&handle_, &setup_, p_.M, p_.N, p_.K, p_.lda, p_.ldb, p_.N, pattern_), "set-up");
      expect(matmul(&handle_, &setup_.plan, 1.0f, compressed_.get(), p_.B, 0.0f, nullptr, d_.data()), "matmul");
      expect(teardown(&handle_, &setup_), "teardown");
      return;
    }
    expect(matmul(&handle_, &setup_.plan, 1.0f, compressed_.get(), p_.B, 0.0f, nullptr, d_.data()), "matmul");
  }

  std::span<const float> result() const override { return d_; }

  Counters counters() const override {
    Counters c;
    c.kernel = "sparselt[" + kernel_ + "]";
    for (const auto& v : nm::sparse_gemm_nm_variants())
      if (kernel_ == v.name) c.isa = v.isa;
    const double kept_per_row = nm::kept_positions_per_row(p_.K, pattern_.n, pattern_.m);
    c.useful_flops = 2.0 * p_.M * kept_per_row * p_.N;
    c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.operand_bytes = static_cast<double>(footprint_);
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    c.extra["plan_setup_seconds"] = plan_setup_seconds_;
    c.extra["search_seconds"] = search_seconds_;
    c.extra["compress_seconds"] = compress_seconds_;
    c.extra["sparselt.config_id"] = config_id_;
    c.extra["sparselt.candidates"] = candidates_;
    c.extra["sparselt.compressed_buffer_bytes"] = static_cast<double>(compressed_bytes_);
    return c;
  }

 private:
  void expect(Status s, const char* what) {
    if (s != Status::success)
      throw std::runtime_error(std::string("sparselt ") + what + " failed: " + last_error(handle_));
  }

  Pattern pattern_;
  Mode mode_;
  GemmProblem p_;
  Handle handle_;
  RowMajorSetup setup_;
  AlignedBytes compressed_;
  std::size_t compressed_bytes_ = 0, footprint_ = 0;
  double plan_setup_seconds_ = 0, search_seconds_ = 0, compress_seconds_ = 0;
  std::string kernel_;
  int config_id_ = 0, candidates_ = 0;
  std::vector<float> d_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(SparseLtGemm, 2, 4, Mode::searched);
CLAIMBENCH_REGISTER_IMPLEMENTATION(SparseLtGemm, 2, 4, Mode::default_algo);
CLAIMBENCH_REGISTER_IMPLEMENTATION(SparseLtGemm, 2, 4, Mode::rebuild_per_call);
CLAIMBENCH_REGISTER_IMPLEMENTATION(SparseLtGemm, 1, 2, Mode::searched);

}  // namespace
}  // namespace claimbench::sparselt
