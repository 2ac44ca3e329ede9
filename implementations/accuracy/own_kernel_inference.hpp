// The trained models' forward pass through the project's own kernels, so the accuracy that is
// stored belongs to the kernel that is timed: every layer is a GEMM C[out × N] = W[out × K]·B[K × N]
// (fully connected: N = images; convolution via im2col: K = in·kh·kw, N = images·out_h·out_w),
// followed by bias, ReLU and 2×2 max-pooling on plain arrays.
//
//   own-dense  the packed own SGEMM (dense/own_sgemm.hpp), weights packed once
//   own-nm     the N:M sparse kernel (nm/sparse_gemm_nm.hpp) for every layer whose mask
//              satisfies the pattern; layers left dense (the CNN's first convolution) run on
//              the own SGEMM. The weights are compressed once.
//   own-csr    the CSR kernel (sparse/sparse_gemm_csr.hpp, variant chosen by the layer's
//              density) for every pruned layer; unpruned layers on the own SGEMM.
// Quantized paths (every layer, first convolution and classifier included; bias, ReLU and
// pooling stay fp32):
//   int8       the own VNNI int8 GEMM (dense/own_igemm.hpp): per-output-channel symmetric
//              weights, per-tensor symmetric activations (lowp_quantization.hpp) with the scale
//              taken dynamically from each layer input of each batch of kBatch images.
//   lut4/lut3  LUT-GEMM (lut/lut_gemm.hpp) on uniform BCQ weights of 4 or 3 bits, groups of
//              kLutGroup k, fp16 scales; activations stay fp32 (weight-only quantization).
//   bf16/fp16  the own AVX512-BF16 / AVX512-FP16 GEMMs: weights and layer inputs rounded to
//              nearest even (bf16: fp32 accumulation; fp16: fp16 accumulation in blocks of 256).
// Each quantized path has a float64 reference (reference = true): the same rounded or
// dequantized operands, made with the same quantizers, multiplied in double, layer outputs
// stored as fp32; what a quantized check compares against.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "accuracy/idx_dataset.hpp"
#include "accuracy/network.hpp"
#include "claimbench/pruning.hpp"

namespace claimbench::accuracy {

enum class InferenceKernel { own_dense, own_nm, own_csr, int8, lut4, lut3, bf16, fp16 };

constexpr int kBatch = 256;      // images per forward batch (the int8 activation scale is per batch)
constexpr int kLutGroup = 128;   // LUT-GEMM group size (LUT-GEMM's usual g = 128)

const char* to_string(InferenceKernel kernel);
bool is_quantized(InferenceKernel kernel);
// Empty when this CPU and build can run `kernel`, else why not.
std::string kernel_unavailable(InferenceKernel kernel);
// Bound on |kernel logit − float64-reference logit| / max(1, largest |reference logit| of the
// image). LUT: 1e-4, fp32 accumulation of the same dequantized weights (activations stay fp32).
// int8 and bf16: 1e-2, because a layer output one fp32 ulp away from the reference's can round
// to the neighbouring int8 step or bf16 value, and that difference travels to the logits (seen:
// int8 up to 6.9e-3 on the trained CNN, bf16 up to 2.6e-3). fp16: 3e-2, the kernel accumulates in
// fp16 (unit roundoff 2^-11, blocks of 256 terms), which the float64 reference does not (seen up
// to 1e-2 on random CNNs, 6.5e-3 on the trained MLP).
double reference_tolerance(InferenceKernel kernel);

class PreparedInference {
 public:
  // Packs, compresses or quantizes every layer once. own_nm: throws std::invalid_argument when
  // no layer satisfies `pattern` or no compiled kernel exists for it; own_csr: when no layer is
  // pruned; a quantized kernel: when this CPU cannot run it (unless reference, which runs
  // anywhere). `reference` is ignored for the unquantized kernels.
  PreparedInference(const Network& net, InferenceKernel kernel, NMPattern pattern = {2, 4}, int threads = 1,
                    bool reference = false);
  ~PreparedInference();
  PreparedInference(const PreparedInference&) = delete;
  PreparedInference& operator=(const PreparedInference&) = delete;

  // Logits (count × 10, a row per image) for images [0, count) of `inputs`, which holds the
  // normalized pixels (count × in_h·in_w floats, see normalize_images).
  void logits(const std::vector<float>& inputs, int count, std::vector<float>& out) const;

  std::string kernels() const;  // the variants that ran, per layer: "conv1:own.sgemm...; conv2:nm.2of4..."
  int sparse_layers() const;    // layers run by the N:M or CSR kernel
  double weight_operand_bytes() const;  // bytes of the stored weight operands as the kernels read them

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// (pixel/255 − mean)/std for the first `count` images (all when 0).
std::vector<float> normalize_images(const Network& net, const LabeledImages& images, int count = 0);

// Index of the largest logit per row (the lowest index among equals).
std::vector<int> argmax_rows(const std::vector<float>& logits, int classes = 10);

}  // namespace claimbench::accuracy
