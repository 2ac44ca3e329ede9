// A convolution (or fully connected) layer with unstructured sparsity in both operands,
// stored the way SNAP's channel-first dataflow stores it: every weight fiber W[k][r][s][·] and
// every activation fiber IA[y][x][·] is a compressed list of (channel index, value), cut into
// chunks of `chunk` channels. Only the nonzero positions matter to the cycle models, so a
// chunk is one 64-bit occupancy mask: bit i set = channel chunk·index + i is nonzero.
//
// Tensors are generated from densities and a seed, deterministically, with either i.i.d.
// (uniform) or clustered nonzeros (runs along the channel axis, as magnitude pruning and ReLU
// produce; see generate()).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace snap {

enum class NonzeroPattern { uniform, clustered };
NonzeroPattern parse_nonzero_pattern(const std::string& text);  // throws std::invalid_argument
const char* to_string(NonzeroPattern pattern);

struct ConvLayerShape {
  int C = 1, K = 1;      // input and output channels (FC: input and output features)
  int H = 1, W = 1;      // input height and width (FC: 1×1)
  int R = 1, S = 1;      // filter height and width
  int stride = 1, pad = 0;
  int out_h() const { return (H + 2 * pad - R) / stride + 1; }
  int out_w() const { return (W + 2 * pad - S) / stride + 1; }
  // Multiply-accumulates of the dense layer, padding taps excluded.
  double dense_macs() const;
  void validate() const;  // throws std::invalid_argument naming the bad field
};

struct SparsityRecipe {
  double weight_density = 1.0;      // fraction of weights kept (0, 1]
  double activation_density = 1.0;  // fraction of nonzero input activations (0, 1]
  NonzeroPattern pattern = NonzeroPattern::uniform;
  double cluster_run = 4.0;         // clustered: mean run length of nonzeros along C
  std::uint64_t seed = 1;
};

class SparseConvLayer {
 public:
  // chunk: channels per compressed chunk, 1..64 (the index width is log2(chunk) bits).
  static SparseConvLayer generate(const ConvLayerShape& shape, const SparsityRecipe& recipe, int chunk);

  const ConvLayerShape& shape() const { return shape_; }
  int chunk() const { return chunk_; }
  int chunks_per_fiber() const { return chunks_; }
  // Occupancy mask of chunk `c` of weight fiber (k, r, s) / activation fiber (y, x).
  std::uint64_t weight_chunk(int k, int r, int s, int c) const {
    return weights_[((static_cast<std::size_t>(k) * shape_.R + r) * shape_.S + s) * chunks_ + c];
  }
  std::uint64_t activation_chunk(int y, int x, int c) const {
    return activations_[(static_cast<std::size_t>(y) * shape_.W + x) * chunks_ + c];
  }
  bool weight_nonzero(int k, int c, int r, int s) const {
    return (weight_chunk(k, r, s, c / chunk_) >> (c % chunk_)) & 1u;
  }
  bool activation_nonzero(int c, int y, int x) const {
    return (activation_chunk(y, x, c / chunk_) >> (c % chunk_)) & 1u;
  }
  std::int64_t weight_nonzeros() const { return weight_nnz_; }
  std::int64_t activation_nonzeros() const { return activation_nnz_; }
  double measured_weight_density() const;
  double measured_activation_density() const;

  // Builds a layer from explicit masks (tests): weights[k][c][r][s], activations[c][y][x].
  static SparseConvLayer from_dense_masks(const ConvLayerShape& shape, int chunk,
                                          const std::vector<std::uint8_t>& weights_kcrs,
                                          const std::vector<std::uint8_t>& activations_cyx);

 private:
  ConvLayerShape shape_;
  int chunk_ = 64;
  int chunks_ = 1;
  std::vector<std::uint64_t> weights_;
  std::vector<std::uint64_t> activations_;
  std::int64_t weight_nnz_ = 0, activation_nnz_ = 0;
  void count_nonzeros();
};

// The reference the simulators are checked against, computed without any of their machinery:
// for output (k, yo, xo), the number of (c, r, s) with W[k][c][r][s] ≠ 0 and the input
// activation under that tap ≠ 0 (padding taps are zero). Loops over channels one by one.
std::int64_t count_effectual_macs_scalar(const SparseConvLayer& layer, int k, int yo, int xo);
std::int64_t count_effectual_macs_scalar(const SparseConvLayer& layer);

}  // namespace snap

namespace snap {
// The same count with whole-chunk AND + popcount: fast enough for whole layers, and still
// nothing like a windowed matcher. Cross-checked against the scalar count in the tests.
std::int64_t count_effectual_macs(const SparseConvLayer& layer, int k, int yo, int xo);
}  // namespace snap
