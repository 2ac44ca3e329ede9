// eigen.gemm: the dense product with Eigen's own GEMM, a well-known library baseline.
#include "eigen_common.hpp"

namespace eigen_plugin {
namespace {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMajorMap = Eigen::Map<const RowMajorMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;

class EigenGemm final : public claimbench::Implementation {
 public:
  claimbench::ImplementationInfo info() const override {
    claimbench::ImplementationInfo i;
    i.name = "eigen.gemm";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = std::string("Eigen ") + std::to_string(EIGEN_WORLD_VERSION) + "." +
                    std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) +
                    " dense matrix product (row-major maps, no copies)";
    return i;
  }
  claimbench::Support supports(const claimbench::GemmProblem&, const claimbench::ExecutionConfig& config) const override {
    return one_thread_only(config);
  }
  void prepare(const claimbench::GemmProblem& problem, const claimbench::ExecutionConfig&) override {
    p_ = problem;
    c_.setZero(p_.M, p_.N);
  }
  void run() override {
    const ConstRowMajorMap a(p_.A, p_.M, p_.K, Eigen::OuterStride<>(p_.lda));
    const ConstRowMajorMap b(p_.B, p_.K, p_.N, Eigen::OuterStride<>(p_.ldb));
    c_.noalias() = a * b;
  }
  std::span<const float> result() const override {
    return {c_.data(), static_cast<std::size_t>(c_.size())};
  }
  claimbench::Counters counters() const override {
    claimbench::Counters c;
    // The path Eigen 3.4 takes for a dynamic-size product (GeneralMatrixMatrix.h): tiny
    // products go coefficient-wise, a runtime vector goes to GEMV, the rest to the blocked
    // GEBP kernel.
    if (p_.K + p_.M + p_.N < EIGEN_GEMM_TO_COEFFBASED_THRESHOLD && p_.K > 0) c.kernel = "eigen.lazyproduct";
    else if (p_.M == 1 || p_.N == 1) c.kernel = "eigen.gemv";
    else c.kernel = "eigen.gemm.gebp";
    c.isa = eigen_isa();
    c.useful_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.dense_equivalent_flops = c.useful_flops;
    c.operand_bytes = 4.0 * p_.M * static_cast<double>(p_.K);
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    return c;
  }

 private:
  claimbench::GemmProblem p_;
  RowMajorMatrix c_;
};

}  // namespace

std::unique_ptr<claimbench::Implementation> make_eigen_gemm() { return std::make_unique<EigenGemm>(); }

}  // namespace eigen_plugin
