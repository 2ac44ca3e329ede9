// GPU GEMMs as harness implementations (device "cuda"): cuBLAS dense baselines in fp16, bf16,
// fp32 and tf32; the project's 2:4 kernel on mma.sp; NVIDIA's cuSPARSELt. They stay registered
// in every build; without a usable GPU (or without the CUDA backend) supports() says why, and
// checks that require a compute capability are stored as not-testable-here before that.
// Timed run() = launch + wait for the device; the product is copied back only for the
// correctness gate. Operands are rounded on the host to what the device multiplies and declared
// through effective_operands().
#include <cfloat>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "claimbench/registry.hpp"
#include "claimbench/requirements.hpp"
#include "cuda/cuda_device.hpp"
#include "cuda/gpu_gemm.hpp"
#include "nm/compressed_nm.hpp"

namespace claimbench::cuda {
namespace {

enum class Engine { cublas, mma_sp, cusparselt, cusparselt_rebuild };

struct Spec {
  std::string name;
  Engine engine;
  GpuPrecision precision;
};

// Relative unit of the product's rounding as the correctness gate sees it: 16-bit outputs are
// rounded once to their format (fp16 2^-11, bf16 2^-8); tf32 multiplies 10-bit mantissas inside
// cuBLAS; fp32 is fp32.
double epsilon_of(GpuPrecision p) {
  switch (p) {
    case GpuPrecision::fp16: return std::ldexp(1.0, -11);
    case GpuPrecision::bf16: return std::ldexp(1.0, -8);
    case GpuPrecision::tf32: return std::ldexp(1.0, -11);
    case GpuPrecision::fp32: return FLT_EPSILON;
  }
  return FLT_EPSILON;
}

class CudaGemm final : public Implementation {
 public:
  explicit CudaGemm(Spec spec) : spec_(std::move(spec)) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = spec_.name;
    i.device = "cuda";
    i.precision = gpu_precision_name(spec_.precision);
    switch (spec_.engine) {
      case Engine::cublas:
        i.technique = "dense";
        i.dense_baseline = true;
        i.description = std::string("cuBLAS cublasGemmEx (TN, ") + i.precision + " operands, fp32 accumulation" +
                        (spec_.precision == GpuPrecision::tf32 ? ", CUBLAS_COMPUTE_32F_FAST_TF32" : "") + ")";
        break;
      case Engine::mma_sp:
        i.technique = "nm-structured";
        i.description = "the project's 2:4 kernel on sparse tensor cores (mma.sp::ordered_metadata m16n8k32, f16 in/out, fp32 accumulation)";
        break;
      case Engine::cusparselt:
        i.technique = "nm-structured";
        i.description = "NVIDIA cuSPARSELt (2:4, f16 in/out, fp32 compute, plan searched with cusparseLtMatmulSearch)";
        break;
      case Engine::cusparselt_rebuild:
        i.technique = "nm-structured";
        i.description = "NVIDIA cuSPARSELt with descriptors, selection and plan rebuilt around every matmul (PyTorch's path before pytorch/pytorch#177866)";
        break;
    }
    return i;
  }

  Support supports(const GemmProblem& problem, const ExecutionConfig&) const override {
    const DeviceStatus& d = device_status();
    if (!d.usable) return Support::no(d.reason);
    if (spec_.engine != Engine::cublas && !(problem.pattern.n == 2 && problem.pattern.m == 4))
      return Support::no("sparse tensor cores take 2:4 weights; these are " + problem.pattern.str());
    if (spec_.engine == Engine::cusparselt || spec_.engine == Engine::cusparselt_rebuild) {
      if (!cusparselt_available()) return Support::no("this build has no cuSPARSELt (CLAIMBENCH_CUSPARSELT; run scripts/fetch-pypi.sh)");
      // fp16 rows and columns must meet cuSPARSELt's 16-byte alignment: multiples of 8 elements.
      if (problem.M % 8 || problem.N % 8 || problem.K % 8)
        return Support::no("cuSPARSELt needs M, N and K to be multiples of 8 in fp16 (16-byte rows)");
    }
    return Support::yes();
  }

  void prepare(const GemmProblem& problem, const ExecutionConfig&) override {
    p_ = problem;
    switch (spec_.engine) {
      case Engine::cublas: engine_ = make_cublas_gemm(spec_.precision); break;
      case Engine::mma_sp: engine_ = make_mma_sp_gemm(); break;
      case Engine::cusparselt: engine_ = make_cusparselt_gemm(false); break;
      case Engine::cusparselt_rebuild: engine_ = make_cusparselt_gemm(true); break;
    }
    if (!engine_) throw std::runtime_error(device_status().reason);
    a_eff_ = round_to(spec_.precision, p_.A, p_.M, p_.K, p_.lda);
    b_eff_ = round_to(spec_.precision, p_.B, p_.K, p_.N, p_.ldb);
    engine_->prepare(p_.A, p_.lda, p_.B, p_.ldb, p_.M, p_.N, p_.K);
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }

  void run() override {
    engine_->run();
    downloaded_ = false;
  }

  std::span<const float> result() const override {
    if (!downloaded_) {
      engine_->download(c_.data());
      downloaded_ = true;
    }
    return c_;
  }

  Counters counters() const override {
    Counters c;
    c.kernel = engine_ ? engine_->kernel() : "";
    c.isa = "cuda-" + device_status().arch();
    const bool sparse = spec_.engine != Engine::cublas;
    const double kept = sparse ? nm::kept_positions_per_row(p_.K, 2, 4) : p_.K;
    c.useful_flops = 2.0 * p_.M * kept * p_.N;
    c.dense_equivalent_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    const double es = spec_.precision == GpuPrecision::fp16 || spec_.precision == GpuPrecision::bf16 ? 2.0 : 4.0;
    c.operand_bytes = sparse ? static_cast<double>(nm::compressed_footprint_bytes(p_.M, p_.K, 2, 4, 2))
                             : es * p_.M * static_cast<double>(p_.K);
    c.bytes_moved = c.operand_bytes + es * (static_cast<double>(p_.K) * p_.N + static_cast<double>(p_.M) * p_.N);
    if (engine_)
      for (const auto& [k, v] : engine_->costs()) c.extra[k] = v;
    return c;
  }

  std::optional<EffectiveOperands> effective_operands() const override {
    EffectiveOperands e;
    e.A = a_eff_.data();
    e.lda = p_.K;
    e.B = b_eff_.data();
    e.ldb = p_.N;
    e.accumulation_epsilon = epsilon_of(spec_.precision);
    e.description = std::string(gpu_precision_name(spec_.precision)) + " operands (round to nearest even), fp32 accumulation";
    return e;
  }

 private:
  Spec spec_;
  GemmProblem p_;
  std::unique_ptr<GpuGemm> engine_;
  std::vector<float> a_eff_, b_eff_;
  mutable std::vector<float> c_;
  mutable bool downloaded_ = false;
};

// Checks on GPU implementations require these, so a build without them stores the reason.
const bool build_features_registered = [] {
  register_build_feature("cuda", cuda_backend_built(), cuda_backend_detail());
  register_build_feature("cusparselt", cusparselt_available(), cusparselt_detail());
  return true;
}();

CLAIMBENCH_REGISTER_IMPLEMENTATION(CudaGemm, Spec{"dense.cublas.fp16", Engine::cublas, GpuPrecision::fp16});
CLAIMBENCH_REGISTER_IMPLEMENTATION(CudaGemm, Spec{"dense.cublas.bf16", Engine::cublas, GpuPrecision::bf16});
CLAIMBENCH_REGISTER_IMPLEMENTATION(CudaGemm, Spec{"dense.cublas.fp32", Engine::cublas, GpuPrecision::fp32});
CLAIMBENCH_REGISTER_IMPLEMENTATION(CudaGemm, Spec{"dense.cublas.tf32", Engine::cublas, GpuPrecision::tf32});
CLAIMBENCH_REGISTER_IMPLEMENTATION(CudaGemm, Spec{"nm.2of4.cuda.mma-sp.fp16", Engine::mma_sp, GpuPrecision::fp16});
CLAIMBENCH_REGISTER_IMPLEMENTATION(CudaGemm, Spec{"cusparselt.cuda.2of4.fp16", Engine::cusparselt, GpuPrecision::fp16});
CLAIMBENCH_REGISTER_IMPLEMENTATION(CudaGemm, Spec{"cusparselt.cuda.2of4.fp16.rebuild-per-call", Engine::cusparselt_rebuild,
                                                  GpuPrecision::fp16});

}  // namespace
}  // namespace claimbench::cuda
