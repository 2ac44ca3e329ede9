// The project's 2:4 kernel as a GpuGemm: A exported once to the mma.sp operand layout
// (implementations/nm/sparse_tensor_core_layout), Bt padded to the kernel's block, C in f16.
#include <chrono>
#include <string>
#include <vector>

#include "cuda/cuda_device.hpp"
#include "cuda/gpu_gemm.hpp"
#include "cuda/mma_sp_gemm.hpp"
#include "nm/sparse_tensor_core_layout.hpp"

namespace claimbench::cuda {
namespace {

class MmaSpGemm final : public GpuGemm {
 public:
  void prepare(const float* A, int lda, const float* B, int ldb, int M, int N, int K) override {
    const auto t0 = std::chrono::steady_clock::now();
    const nm::MmaSpMatrix exported = nm::export_mma_sp_matrix({nm::MmaSpType::f16, 32}, A, M, K, lda, 0);
    const std::vector<uint32_t> words = nm::pack_a_registers(exported);
    compress_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    op_.tile_rows = exported.tile_rows;
    op_.k_steps = exported.k_steps;
    op_.n_padded = (N + kMmaSpBlockCols - 1) / kMmaSpBlockCols * kMmaSpBlockCols;
    op_.M = M, op_.N = N, op_.ldc = N;
    a_ = DeviceBuffer(words.size() * sizeof(uint32_t));
    a_.upload(words.data(), words.size() * sizeof(uint32_t));
    meta_ = DeviceBuffer(exported.metadata.size() * sizeof(uint32_t));
    meta_.upload(exported.metadata.data(), exported.metadata.size() * sizeof(uint32_t));
    const auto bt = transpose_to_16bit(GpuPrecision::fp16, B, ldb, K, N, exported.padded_cols, op_.n_padded);
    bt_ = DeviceBuffer(bt.size() * 2);
    bt_.upload(bt.data(), bt.size() * 2);
    c_ = DeviceBuffer(static_cast<std::size_t>(M) * N * 2);
    op_.a_words = a_.as<uint32_t>();
    op_.metadata = meta_.as<uint32_t>();
    op_.bt = bt_.as<uint16_t>();
    op_.c = c_.as<uint16_t>();
    operand_bytes_ = static_cast<double>(words.size() * 4 + exported.metadata.size() * 4);
  }

  void run() override {
    mma_sp_gemm_f16(op_, nullptr);
    synchronize();
  }

  void download(float* C) const override {
    std::vector<uint16_t> c(static_cast<std::size_t>(op_.M) * op_.N);
    c_.download(c.data(), c.size() * 2);
    for (std::size_t i = 0; i < c.size(); ++i) C[i] = nm::f16_bits_to_float(c[i]);
  }

  std::string kernel() const override {
    return "own.mma_sp.m16n8k32.f16.128x64[" + device_status().arch() + "]";
  }
  // device_operand_bytes: the f16 kept values (two per register word) plus
  // the metadata words as uploaded (every lane carries its word: MetadataFill::all_lanes).
  std::map<std::string, double> costs() const override {
    return {{"compress_seconds", compress_seconds_}, {"device_operand_bytes", operand_bytes_}};
  }

 private:
  MmaSpOperands op_;
  DeviceBuffer a_, meta_, bt_, c_;
  double compress_seconds_ = 0.0, operand_bytes_ = 0.0;
};

}  // namespace

std::unique_ptr<GpuGemm> make_mma_sp_gemm() { return std::make_unique<MmaSpGemm>(); }

}  // namespace claimbench::cuda
