// The vendor backend: NVIDIA cuSPARSELt's own workflow (claims-sources.md §3a: init,
// descriptors, matmul descriptor, algorithm selection, plan, prune check, compress, search,
// matmul). fp16 in and out, fp32 compute; A structured row-major M×K, B given as Bt[N][K]
// (row-major, op = transpose), C row-major. Plan set-up and search are timed apart.
#include <cusparseLt.h>
#include <cuda_runtime.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/cuda_device.hpp"
#include "cuda/gpu_gemm.hpp"
#include "nm/sparse_tensor_core_layout.hpp"

namespace claimbench::cuda {
namespace {

void check_lt(cusparseStatus_t s, const char* what) {
  if (s != CUSPARSE_STATUS_SUCCESS)
    throw std::runtime_error(std::string(what) + ": " + cusparseLtGetErrorName(s) + " (" + cusparseLtGetErrorString(s) + ")");
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class CusparseLtGemm final : public GpuGemm {
 public:
  explicit CusparseLtGemm(bool rebuild_per_call) : rebuild_per_call_(rebuild_per_call) {}
  ~CusparseLtGemm() override {
    destroy_plan();
    if (handle_ok_) cusparseLtDestroy(&handle_);
  }

  // Descriptors, selection (with config_id when ≥ 0) and plan, as prepare() and (when
  // rebuilding per call) run() make them.
  void build_plan(int config_id) {
    check_lt(cusparseLtStructuredDescriptorInit(&handle_, &desc_[0], M_, K_, K_, kAlign, CUDA_R_16F, CUSPARSE_ORDER_ROW,
                                                CUSPARSELT_SPARSITY_50_PERCENT),
             "cusparseLtStructuredDescriptorInit(A)");
    desc_count_ = 1;
    check_lt(cusparseLtDenseDescriptorInit(&handle_, &desc_[1], N_, K_, K_, kAlign, CUDA_R_16F, CUSPARSE_ORDER_ROW),
             "cusparseLtDenseDescriptorInit(Bt)");
    desc_count_ = 2;
    check_lt(cusparseLtDenseDescriptorInit(&handle_, &desc_[2], M_, N_, N_, kAlign, CUDA_R_16F, CUSPARSE_ORDER_ROW),
             "cusparseLtDenseDescriptorInit(C)");
    desc_count_ = 3;
    check_lt(cusparseLtMatmulDescriptorInit(&handle_, &matmul_, CUSPARSE_OPERATION_NON_TRANSPOSE, CUSPARSE_OPERATION_TRANSPOSE,
                                            &desc_[0], &desc_[1], &desc_[2], &desc_[2], CUSPARSE_COMPUTE_32F),
             "cusparseLtMatmulDescriptorInit");
    check_lt(cusparseLtMatmulAlgSelectionInit(&handle_, &sel_, &matmul_, CUSPARSELT_MATMUL_ALG_DEFAULT),
             "cusparseLtMatmulAlgSelectionInit");
    sel_ok_ = true;
    if (config_id >= 0)
      check_lt(cusparseLtMatmulAlgSetAttribute(&handle_, &sel_, CUSPARSELT_MATMUL_ALG_CONFIG_ID, &config_id, sizeof config_id),
               "cusparseLtMatmulAlgSetAttribute(CONFIG_ID)");
    check_lt(cusparseLtMatmulPlanInit(&handle_, &plan_, &matmul_, &sel_), "cusparseLtMatmulPlanInit");
    plan_ok_ = true;
  }

  void destroy_plan() {
    if (plan_ok_) cusparseLtMatmulPlanDestroy(&plan_);
    if (sel_ok_) cusparseLtMatmulAlgSelectionDestroy(&sel_);
    for (int i = desc_count_ - 1; i >= 0; --i) cusparseLtMatDescriptorDestroy(&desc_[i]);
    desc_count_ = 0;
    plan_ok_ = sel_ok_ = false;
  }

  void prepare(const float* A, int lda, const float* B, int ldb, int M, int N, int K) override {
    M_ = M, N_ = N, K_ = K;
    std::vector<uint16_t> a(static_cast<std::size_t>(M) * K);
    for (int i = 0; i < M; ++i)
      for (int k = 0; k < K; ++k) a[static_cast<std::size_t>(i) * K + k] = nm::float_to_f16_bits(A[static_cast<std::size_t>(i) * lda + k]);
    const auto bt = transpose_to_16bit(GpuPrecision::fp16, B, ldb, K, N, K, N);
    DeviceBuffer a_dense(a.size() * 2);
    a_dense.upload(a.data(), a.size() * 2);
    bt_ = DeviceBuffer(bt.size() * 2);
    bt_.upload(bt.data(), bt.size() * 2);
    c_ = DeviceBuffer(static_cast<std::size_t>(M) * N * 2);

    auto t0 = Clock::now();
    check_lt(cusparseLtInit(&handle_), "cusparseLtInit");
    handle_ok_ = true;
    build_plan(-1);
    setup_seconds_ = since(t0);

    // The weights come pruned to 2:4 along K; cuSPARSELt checks that itself.
    DeviceBuffer valid(sizeof(int));
    check_lt(cusparseLtSpMMAPruneCheck(&handle_, &matmul_, a_dense.get(), valid.as<int>(), nullptr), "cusparseLtSpMMAPruneCheck");
    int is_invalid = 1;
    valid.download(&is_invalid, sizeof is_invalid);
    if (is_invalid != 0) throw std::invalid_argument("cuSPARSELt's prune check rejects the weights: they are not 2:4 along K");

    t0 = Clock::now();
    std::size_t compressed = 0, compress_buffer = 0;
    check_lt(cusparseLtSpMMACompressedSize(&handle_, &plan_, &compressed, &compress_buffer), "cusparseLtSpMMACompressedSize");
    a_compressed_ = DeviceBuffer(compressed);
    DeviceBuffer scratch(compress_buffer);
    check_lt(cusparseLtSpMMACompress(&handle_, &plan_, a_dense.get(), a_compressed_.get(), scratch.get(), nullptr),
             "cusparseLtSpMMACompress");
    synchronize();
    compress_seconds_ = since(t0);
    compressed_bytes_ = static_cast<double>(compressed);

    std::size_t workspace = 0;
    check_lt(cusparseLtMatmulGetWorkspace(&handle_, &plan_, &workspace), "cusparseLtMatmulGetWorkspace");
    workspace_ = DeviceBuffer(workspace);
    t0 = Clock::now();
    const float alpha = 1.0f, beta = 0.0f;
    check_lt(cusparseLtMatmulSearch(&handle_, &plan_, &alpha, a_compressed_.get(), bt_.get(), &beta, c_.get(), c_.get(),
                                    workspace_.get(), nullptr, 0),
             "cusparseLtMatmulSearch");
    synchronize();
    search_seconds_ = since(t0);
    int id = -1;
    check_lt(cusparseLtMatmulAlgGetAttribute(&handle_, &sel_, CUSPARSELT_MATMUL_ALG_CONFIG_ID, &id, sizeof id),
             "cusparseLtMatmulAlgGetAttribute(CONFIG_ID)");
    config_id_ = id;
    // The search may need a bigger workspace for the configuration it chose.
    check_lt(cusparseLtMatmulGetWorkspace(&handle_, &plan_, &workspace), "cusparseLtMatmulGetWorkspace");
    if (workspace > workspace_.bytes()) workspace_ = DeviceBuffer(workspace);
  }

  void run() override {
    // PyTorch's integration once did this around every call (pytorch/pytorch#153825): the
    // handle, the compressed weight, the workspace and the searched config id are kept;
    // descriptors, selection and plan are made and destroyed each time.
    if (rebuild_per_call_) {
      destroy_plan();
      build_plan(config_id_);
    }
    const float alpha = 1.0f, beta = 0.0f;
    check_lt(cusparseLtMatmul(&handle_, &plan_, &alpha, a_compressed_.get(), bt_.get(), &beta, c_.get(), c_.get(),
                              workspace_.get(), nullptr, 0),
             "cusparseLtMatmul");
    synchronize();
  }

  void download(float* C) const override {
    std::vector<uint16_t> c(static_cast<std::size_t>(M_) * N_);
    c_.download(c.data(), c.size() * 2);
    for (std::size_t i = 0; i < c.size(); ++i) C[i] = nm::f16_bits_to_float(c[i]);
  }

  std::string kernel() const override {
    return std::string(rebuild_per_call_ ? "rebuild-per-call " : "") + "cusparselt " + std::to_string(CUSPARSELT_VER_MAJOR) + "." + std::to_string(CUSPARSELT_VER_MINOR) + "." +
           std::to_string(CUSPARSELT_VER_PATCH) + " config " + std::to_string(config_id_) + "[" + device_status().arch() + "]";
  }
  std::map<std::string, double> costs() const override {
    return {{"plan_setup_seconds", setup_seconds_}, {"search_seconds", search_seconds_},
            {"compress_seconds", compress_seconds_}, {"cusparselt.config_id", config_id_},
            {"cusparselt.compressed_bytes", compressed_bytes_}};
  }

 private:
  static constexpr unsigned kAlign = 16;
  bool rebuild_per_call_ = false;
  int M_ = 0, N_ = 0, K_ = 0;
  cusparseLtHandle_t handle_{};
  cusparseLtMatDescriptor_t desc_[3]{};
  cusparseLtMatmulDescriptor_t matmul_{};
  cusparseLtMatmulAlgSelection_t sel_{};
  cusparseLtMatmulPlan_t plan_{};
  bool handle_ok_ = false, sel_ok_ = false, plan_ok_ = false;
  int desc_count_ = 0;
  DeviceBuffer bt_, c_, a_compressed_, workspace_;
  double setup_seconds_ = 0, search_seconds_ = 0, compress_seconds_ = 0, compressed_bytes_ = 0;
  int config_id_ = -1;
};

}  // namespace

std::unique_ptr<GpuGemm> make_cusparselt_gemm(bool rebuild_per_call) {
  return std::make_unique<CusparseLtGemm>(rebuild_per_call);
}
bool cusparselt_available() { return true; }
std::string cusparselt_detail() {
  return "cuSPARSELt " + std::to_string(CUSPARSELT_VER_MAJOR) + "." + std::to_string(CUSPARSELT_VER_MINOR) + "." +
         std::to_string(CUSPARSELT_VER_PATCH) + " (headers; the library is loaded at run time)";
}

}  // namespace claimbench::cuda
