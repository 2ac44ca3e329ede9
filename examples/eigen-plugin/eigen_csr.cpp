// eigen.csr: C = A·B with A (the pruned weights) compressed to Eigen's CSR format,
// Eigen::SparseMatrix<float, RowMajor>, times the dense row-major B. Any sparsity pattern;
// prepare() does the compression (untimed, recorded).
#include <Eigen/SparseCore>

#include "eigen_common.hpp"

namespace eigen_plugin {
namespace {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMajorMap = Eigen::Map<const RowMajorMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;

class EigenCsr final : public claimbench::Implementation {
 public:
  claimbench::ImplementationInfo info() const override {
    claimbench::ImplementationInfo i;
    i.name = "eigen.csr";
    i.technique = "csr-unstructured";
    i.device = "cpu";
    i.precision = "fp32";
    i.description = std::string("Eigen ") + std::to_string(EIGEN_WORLD_VERSION) + "." +
                    std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) +
                    " SparseMatrix<float, RowMajor> (CSR) times a dense row-major matrix";
    return i;
  }
  claimbench::Support supports(const claimbench::GemmProblem&, const claimbench::ExecutionConfig& config) const override {
    return one_thread_only(config);
  }
  void prepare(const claimbench::GemmProblem& problem, const claimbench::ExecutionConfig&) override {
    p_ = problem;
    const ConstRowMajorMap a(p_.A, p_.M, p_.K, Eigen::OuterStride<>(p_.lda));
    // Exact zeros (the pruned positions) are dropped; every kept value is stored.
    a_ = a.sparseView(0.0f, 0.0f);
    a_.makeCompressed();
    c_.setZero(p_.M, p_.N);
  }
  void run() override {
    const ConstRowMajorMap b(p_.B, p_.K, p_.N, Eigen::OuterStride<>(p_.ldb));
    c_.noalias() = a_ * b;
  }
  std::span<const float> result() const override {
    return {c_.data(), static_cast<std::size_t>(c_.size())};
  }
  claimbench::Counters counters() const override {
    claimbench::Counters c;
    // Eigen's sparse × dense product for a row-major sparse and a row-major dense operand: for
    // each stored a_ik, row i of C += a_ik · row k of B, vectorised along N.
    c.kernel = "eigen.spmm.csr-rowmajor.rowwise";
    c.isa = eigen_isa();
    const double nnz = static_cast<double>(a_.nonZeros());
    c.useful_flops = 2.0 * nnz * p_.N;
    c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.operand_bytes = nnz * (sizeof(float) + sizeof(int)) + (p_.M + 1.0) * sizeof(int);
    c.bytes_moved = c.operand_bytes + 4.0 * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    c.extra["nonzeros"] = nnz;
    return c;
  }

 private:
  claimbench::GemmProblem p_;
  Eigen::SparseMatrix<float, Eigen::RowMajor> a_;
  RowMajorMatrix c_;
};

}  // namespace

std::unique_ptr<claimbench::Implementation> make_eigen_csr() { return std::make_unique<EigenCsr>(); }

}  // namespace eigen_plugin
