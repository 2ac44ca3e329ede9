// The trained models' forward pass through the project's own kernels, so the accuracy that is
// stored belongs to the kernel that is timed: every layer is a GEMM C[out × N] = W[out × K]·B[K × N]
// (fully connected: N = images; convolution via im2col: K = in·kh·kw, N = images·out_h·out_w),
// followed by bias, ReLU and 2×2 max-pooling on plain arrays.
//
//   own-dense  the packed own SGEMM (dense/own_sgemm.hpp), weights packed once
//   own-nm     the N:M sparse kernel (nm/sparse_gemm_nm.hpp) for every layer whose mask
//              satisfies the pattern; layers left dense (the CNN's first convolution) run on
//              the own SGEMM. The weights are compressed once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "accuracy/idx_dataset.hpp"
#include "accuracy/network.hpp"
#include "claimbench/pruning.hpp"

namespace claimbench::accuracy {

enum class InferenceKernel { own_dense, own_nm };

class PreparedInference {
 public:
  // Packs or compresses every layer once. own_nm: throws std::invalid_argument when no layer
  // satisfies `pattern` or no compiled kernel exists for it.
  PreparedInference(const Network& net, InferenceKernel kernel, NMPattern pattern = {2, 4}, int threads = 1);
  ~PreparedInference();
  PreparedInference(const PreparedInference&) = delete;
  PreparedInference& operator=(const PreparedInference&) = delete;

  // Logits (count × 10, a row per image) for images [0, count) of `inputs`, which holds the
  // normalized pixels (count × in_h·in_w floats, see normalize_images).
  void logits(const std::vector<float>& inputs, int count, std::vector<float>& out) const;

  std::string kernels() const;  // the variants that ran, per layer: "conv1:own.sgemm...; conv2:nm.2of4..."
  int sparse_layers() const;    // layers run by the N:M kernel
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
