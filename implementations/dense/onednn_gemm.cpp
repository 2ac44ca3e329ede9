// dense.onednn: oneDNN's matmul primitive (2.x API). The primitive is created in prepare(),
// where oneDNN JIT-compiles it; its implementation name (e.g. "brg:avx512_core") is recorded.
#include <omp.h>

#include <dnnl.hpp>
#include <vector>

#include "claimbench/provenance.hpp"
#include "claimbench/registry.hpp"
#include "dense/dense_traffic.hpp"

namespace claimbench::dense {
namespace {

std::map<std::string, std::string> onednn_provenance() {
  const dnnl_version_t* v = dnnl_version();
  std::map<std::string, std::string> p;
  p["lib.onednn"] = std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
                    " (" + v->hash + ", cpu runtime " + std::to_string(v->cpu_runtime) + ")";
  return p;
}

const bool provenance_registered = (add_provenance_provider(&onednn_provenance), true);

class OneDnnGemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.onednn";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = "oneDNN matmul primitive, f32, row-major; OpenMP threads set per call.";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override { return Support::yes(); }
  void prepare(const GemmProblem& problem, const ExecutionConfig& config) override {
    using dnnl::memory;
    p_ = problem;
    threads_ = config.threads;
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);
    const memory::desc a_md({p_.M, p_.K}, memory::data_type::f32, memory::dims{p_.lda, 1});
    const memory::desc b_md({p_.K, p_.N}, memory::data_type::f32, memory::dims{p_.ldb, 1});
    const memory::desc c_md({p_.M, p_.N}, memory::data_type::f32, memory::format_tag::ab);
    omp_set_num_threads(threads_);
    primitive_desc_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), engine_);
    matmul_ = dnnl::matmul(primitive_desc_);
    a_ = memory(a_md, engine_, const_cast<float*>(p_.A));
    b_ = memory(b_md, engine_, const_cast<float*>(p_.B));
    c_mem_ = memory(c_md, engine_, c_.data());
  }
  void run() override {
    omp_set_num_threads(threads_);
    matmul_.execute(stream_, {{DNNL_ARG_SRC, a_}, {DNNL_ARG_WEIGHTS, b_}, {DNNL_ARG_DST, c_mem_}});
    stream_.wait();
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c = dense_gemm_counters(p_);
    const std::string impl = primitive_desc_ ? primitive_desc_.impl_info_str() : "not created";
    c.kernel = "onednn.matmul[" + impl + "]";
    c.isa = "library:" + impl;
    return c;
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  std::vector<float> c_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::matmul::primitive_desc primitive_desc_;
  dnnl::matmul matmul_;
  dnnl::memory a_, b_, c_mem_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(OneDnnGemm);

}  // namespace
}  // namespace claimbench::dense
