// dense.openblas: cblas_sgemm. The process must start with OPENBLAS_CORETYPE set for this CPU
// (claimbench re-executes itself to ensure it); the active core is recorded with every
// measurement, so a silent fallback to the slow Prescott kernels is visible.
#include <cblas.h>

#include <cstdlib>
#include <vector>

#include "claimbench/provenance.hpp"
#include "claimbench/registry.hpp"
#include "dense/dense_traffic.hpp"


namespace claimbench::dense {
namespace {

std::map<std::string, std::string> openblas_provenance() {
  std::map<std::string, std::string> p;
  p["lib.openblas.corename"] = openblas_get_corename();
  p["lib.openblas.config"] = openblas_get_config();
  const char* source = std::getenv("CLAIMBENCH_OPENBLAS_CORETYPE_SOURCE");
  p["lib.openblas.coretype_source"] = source ? source : "not managed (library use)";
  return p;
}

const bool provenance_registered = (add_provenance_provider(&openblas_provenance), true);

class OpenBlasGemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.openblas";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = "OpenBLAS cblas_sgemm, threads set with openblas_set_num_threads.";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override { return Support::yes(); }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    p_ = problem;
    threads_ = config.threads;
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override {
    openblas_set_num_threads(threads_);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, p_.M, p_.N, p_.K, 1.0f, p_.A, p_.lda, p_.B, p_.ldb, 0.0f,
                c_.data(), p_.N);
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = dense_gemm_counters(p_);
    c.kernel = std::string("openblas.sgemm[") + openblas_get_corename() + "]";
    c.isa = "library:" + std::string(openblas_get_corename());
    c.extra["openblas_threads"] = openblas_get_num_threads();
    return c;
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OpenBlasGemm);

}  // namespace
}  // namespace claimbench::dense
