// xnnpack.sparse: XNNPACK's sparse inference path (1×1 NCHW convolution = SpMM over the
// nonzero weights), the peer library for unstructured sparsity on CPUs; xnnpack.dense: its
// dense GEMM (fully connected) for context. Proof of what ran (rule 6): prepare() checks once
// per process that the NCHW path skips zero weights (a NaN behind an all-zero weight column
// does not reach the output) and times the same operator on the pruned weights and on a
// dense copy, so the counters show the skipping at this layer's own sparsity.
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <vector>

#include "claimbench/provenance.hpp"
#include "claimbench/registry.hpp"
#include "sparse/xnnpack_spmm.hpp"

namespace claimbench::sparse {
namespace {

std::map<std::string, std::string> xnnpack_provenance() {
  return {{"lib.xnnpack.version", xnnpack_version()},
          {"lib.xnnpack.nchw_skips_zeros", xnnpack_nchw_skips_zeros() ? "yes" : "no"}};
}
const bool provenance_registered = (add_provenance_provider(&xnnpack_provenance), true);

template <typename F>
double best_seconds(int repeats, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

class XnnpackSparse final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "xnnpack.sparse";
    i.technique = "unstructured-sparse";
    i.device = "cpu";
    i.precision = "fp32";
    i.description = "XNNPACK " + xnnpack_version() +
                    " sparse inference path: 1x1 NCHW convolution (SpMM over nonzero weights), B as [K channels][N pixels]";
    i.origin = "library";
    return i;
  }
  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    if (!problem.pattern.is_dense()) return Support::no("measured on unstructured (or dense) patterns only");
    if (problem.lda != problem.K || problem.ldb != problem.N)
      return Support::no("XNNPACK's NCHW operator needs contiguous A and B");
    if (!xnnpack_nchw_skips_zeros())
      return Support::no("this XNNPACK build's 1x1 NCHW convolution does not skip zero weights (NaN probe)");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
    nonzeros_ = 0;
    for (long i = 0; i < static_cast<long>(p_.M) * p_.K; ++i) nonzeros_ += p_.A[i] != 0.0f;
    // Evidence of zero skipping at this sparsity: the same operator on a dense copy of the
    // weights (pruned positions filled with 1) against the pruned weights, one thread.
    {
      std::vector<float> dense(p_.A, p_.A + static_cast<std::size_t>(p_.M) * p_.K);
      for (float& x : dense)
        if (x == 0.0f) x = 1.0f;
      XnnpackSpmm on_dense(p_.M, p_.K, dense.data(), p_.K, 1);
      XnnpackSpmm on_pruned(p_.M, p_.K, p_.A, p_.K, 1);
      std::vector<float> scratch(c_.size());
      const double t_dense = best_seconds(2, [&] { on_dense.run(p_.B, p_.N, scratch.data()); });
      const double t_pruned = best_seconds(2, [&] { on_pruned.run(p_.B, p_.N, scratch.data()); });
      dense_over_pruned_ = t_pruned > 0 ? t_dense / t_pruned : 0.0;
    }
    op_ = std::make_unique<XnnpackSpmm>(p_.M, p_.K, p_.A, p_.K, config.threads);
    threads_ = config.threads;
  }
  void run() override { op_->run(p_.B, p_.N, c_.data()); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = "xnnpack.spmm[conv2d_nchw_f32 1x1]";
    c.isa = "library:xnnpack";
    c.useful_flops = 2.0 * static_cast<double>(nonzeros_) * p_.N;
    c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    // XNNPACK's internal sparse format is not exposed; the CSR-equivalent size stands in:
    // values + 32-bit indices per nonzero (XNNPACK itself keeps values + input-channel
    // differences, of similar size).
    c.operand_bytes = 8.0 * static_cast<double>(nonzeros_);
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    c.extra["xnnpack.nonzeros"] = static_cast<double>(nonzeros_);
    c.extra["xnnpack.zero_skipping_probe"] = xnnpack_nchw_skips_zeros() ? 1.0 : 0.0;
    c.extra["xnnpack.dense_weights_time_ratio"] = dense_over_pruned_;
    c.extra["xnnpack.threads"] = threads_;
    return c;
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  long nonzeros_ = 0;
  double dense_over_pruned_ = 0.0;
  std::unique_ptr<XnnpackSpmm> op_;
  std::vector<float> c_;
};

class XnnpackDense final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "xnnpack.dense";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = "XNNPACK " + xnnpack_version() +
                    " fully connected (dense GEMM); B is its packed weight operand, packed once in prepare";
    i.origin = "library";
    return i;
  }
  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    if (problem.lda != problem.K) return Support::no("XNNPACK's fully connected operator needs contiguous A");
    return Support::yes();
  }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
    op_ = std::make_unique<XnnpackDenseGemm>(p_.K, p_.N, p_.B, p_.ldb, config.threads);
  }
  void run() override { op_->run(p_.A, p_.M, p_.lda, c_.data()); }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = "xnnpack.gemm[fully_connected_nc_f32]";
    c.isa = "library:xnnpack";
    c.useful_flops = c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.operand_bytes = 4.0 * p_.M * static_cast<double>(p_.K);
    c.bytes_moved = 4.0 * (static_cast<double>(p_.M) * p_.K + static_cast<double>(p_.K) * p_.N +
                           static_cast<double>(p_.M) * p_.N);
    c.extra["xnnpack.threads"] = threads_;
    return c;
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  std::unique_ptr<XnnpackDenseGemm> op_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(XnnpackSparse);
CLAIMBENCH_REGISTER_IMPLEMENTATION(XnnpackDense);

}  // namespace
}  // namespace claimbench::sparse
