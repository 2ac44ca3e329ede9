// The two Fashion-MNIST models as plain arrays, independent of libtorch: what training
// produces, what the masks prune, what our kernels run, and what the artifact cache stores.
//
//   mlp: LeNet-300-100 (784-300-100-10, ReLU), the fully connected network that Han et al. 2015
//        ("Learning both Weights and Connections") pruned; classic baseline of pruning papers.
//   cnn: conv 3×3 (1→16, pad 1), ReLU, max-pool 2 → conv 3×3 (16→32, pad 1), ReLU, max-pool 2
//        → linear 1568→128, ReLU → linear 128→10. Small enough to train three seeds of every
//        recipe on two cores (the convolutions dominate the time: libtorch's CPU convolution
//        runs at about 20 GFLOP/s on one core here).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace claimbench::accuracy {

// A convolution (kernel kh×kw, stride 1, zero padding `pad`) or a fully connected layer
// (kh = kw = 1, pad 0, applied to the flattened input). Weights are out × in × kh × kw, the
// row-major GEMM operand W[out × K] with K = in·kh·kw (im2col order: input channel, kernel
// row, kernel column), so N:M groups run along K exactly as the 2:4 kernel expects.
struct Layer {
  std::string name;
  bool conv = false;
  bool pool_after = false;  // 2×2 max-pool (stride 2) after the ReLU
  bool relu_after = true;   // false for the classifier
  int out = 0, in = 0, kh = 1, kw = 1, pad = 0;
  int in_h = 1, in_w = 1;     // input spatial size (conv); 1×1 for fully connected
  std::vector<float> weight;  // out·in·kh·kw
  std::vector<float> bias;    // out
  std::vector<float> mask;    // empty: dense; else 0/1 per weight, kept applied through training

  int k() const { return in * kh * kw; }
  int out_h() const { return in_h + 2 * pad - kh + 1; }
  int out_w() const { return in_w + 2 * pad - kw + 1; }
  std::size_t weight_count() const { return weight.size(); }
  std::size_t kept_count() const;  // weights not masked (all of them when dense)
};

struct Network {
  std::string model;  // "mlp" or "cnn"
  int in_channels = 1, in_h = 28, in_w = 28;
  float input_mean = 0.0f, input_std = 1.0f;  // pixel/255 normalization, from the training set
  std::vector<Layer> layers;

  std::size_t weight_count() const;
  std::size_t kept_count() const;
  double sparsity() const;  // fraction of weights masked, over all layers' weights (biases excluded)
};

// The architecture with empty weights. Throws std::invalid_argument for an unknown model.
Network make_architecture(const std::string& model);
bool is_known_model(const std::string& model);

// Binary form for the artifact cache: versioned, length-checked. deserialize throws
// std::runtime_error on anything malformed.
std::vector<unsigned char> serialize(const Network& net);
Network deserialize_network(const std::vector<unsigned char>& bytes);

}  // namespace claimbench::accuracy
