#include "snap/sparse_conv_layer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace snap {
namespace {

// SplitMix64: small, fast, and identical on every platform, so a seed names one tensor.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

// Draws the nonzero mask of one fiber of `length` channels into `out` (chunked).
// Uniform: i.i.d. Bernoulli(density). Clustered: a two-state Markov chain along the channel
// axis whose stationary probability is `density` and whose nonzero runs have mean length
// `run` (exit probability 1/run), so the density is the same and only the arrangement differs.
void draw_fiber(SplitMix64& rng, const SparsityRecipe& recipe, double density, int length, int chunk,
                std::uint64_t* out) {
  const int chunks = (length + chunk - 1) / chunk;
  std::fill(out, out + chunks, 0ull);
  if (density >= 1.0) {
    for (int c = 0; c < length; ++c) out[c / chunk] |= 1ull << (c % chunk);
    return;
  }
  if (recipe.pattern == NonzeroPattern::uniform) {
    for (int c = 0; c < length; ++c)
      if (rng.uniform() < density) out[c / chunk] |= 1ull << (c % chunk);
    return;
  }
  const double leave_on = 1.0 / std::max(1.0, recipe.cluster_run);
  // Stationary: p_on = p01 / (p01 + p10) = density → p01 = density·p10 / (1 − density).
  const double enter_on = std::min(1.0, density * leave_on / (1.0 - density));
  bool on = rng.uniform() < density;
  for (int c = 0; c < length; ++c) {
    if (on) out[c / chunk] |= 1ull << (c % chunk);
    on = on ? !(rng.uniform() < leave_on) : rng.uniform() < enter_on;
  }
}

}  // namespace

NonzeroPattern parse_nonzero_pattern(const std::string& text) {
  if (text == "uniform") return NonzeroPattern::uniform;
  if (text == "clustered") return NonzeroPattern::clustered;
  throw std::invalid_argument("nonzero pattern must be uniform or clustered, got '" + text + "'");
}

const char* to_string(NonzeroPattern pattern) {
  return pattern == NonzeroPattern::uniform ? "uniform" : "clustered";
}

double ConvLayerShape::dense_macs() const {
  double taps = 0;  // valid (non-padding) filter taps summed over output positions
  for (int yo = 0; yo < out_h(); ++yo)
    for (int r = 0; r < R; ++r) {
      const int y = yo * stride - pad + r;
      if (y < 0 || y >= H) continue;
      for (int xo = 0; xo < out_w(); ++xo)
        for (int s = 0; s < S; ++s) {
          const int x = xo * stride - pad + s;
          if (x >= 0 && x < W) taps += 1;
        }
    }
  return taps * C * static_cast<double>(K);
}

void ConvLayerShape::validate() const {
  auto need = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(what);
  };
  need(C >= 1 && K >= 1 && H >= 1 && W >= 1 && R >= 1 && S >= 1, "C, K, H, W, R and S must be at least 1");
  need(stride >= 1, "stride must be at least 1");
  need(pad >= 0 && pad < R && pad < S, "pad must be between 0 and min(R, S) - 1");
  need(H + 2 * pad >= R && W + 2 * pad >= S, "the filter is larger than the padded input");
}

SparseConvLayer SparseConvLayer::generate(const ConvLayerShape& shape, const SparsityRecipe& recipe, int chunk) {
  shape.validate();
  if (chunk < 1 || chunk > 64) throw std::invalid_argument("chunk must be between 1 and 64 channels");
  for (double d : {recipe.weight_density, recipe.activation_density})
    if (!(d > 0.0 && d <= 1.0)) throw std::invalid_argument("densities must be in (0, 1]");
  SparseConvLayer layer;
  layer.shape_ = shape;
  layer.chunk_ = chunk;
  layer.chunks_ = (shape.C + chunk - 1) / chunk;
  layer.weights_.resize(static_cast<std::size_t>(shape.K) * shape.R * shape.S * layer.chunks_);
  layer.activations_.resize(static_cast<std::size_t>(shape.H) * shape.W * layer.chunks_);
  // Two independent streams, so changing one density leaves the other tensor unchanged.
  SplitMix64 weight_rng(recipe.seed * 2 + 1), activation_rng(recipe.seed * 2 + 2);
  for (std::size_t f = 0; f < layer.weights_.size() / layer.chunks_; ++f)
    draw_fiber(weight_rng, recipe, recipe.weight_density, shape.C, chunk, &layer.weights_[f * layer.chunks_]);
  for (std::size_t f = 0; f < layer.activations_.size() / layer.chunks_; ++f)
    draw_fiber(activation_rng, recipe, recipe.activation_density, shape.C, chunk,
               &layer.activations_[f * layer.chunks_]);
  layer.count_nonzeros();
  return layer;
}

SparseConvLayer SparseConvLayer::from_dense_masks(const ConvLayerShape& shape, int chunk,
                                                  const std::vector<std::uint8_t>& w,
                                                  const std::vector<std::uint8_t>& a) {
  shape.validate();
  if (chunk < 1 || chunk > 64) throw std::invalid_argument("chunk must be between 1 and 64 channels");
  const auto& [C, K, H, W, R, S, stride, pad] = shape;
  (void)stride, (void)pad;
  if (w.size() != static_cast<std::size_t>(K) * C * R * S || a.size() != static_cast<std::size_t>(C) * H * W)
    throw std::invalid_argument("mask sizes do not match the shape");
  SparseConvLayer layer;
  layer.shape_ = shape;
  layer.chunk_ = chunk;
  layer.chunks_ = (C + chunk - 1) / chunk;
  layer.weights_.assign(static_cast<std::size_t>(K) * R * S * layer.chunks_, 0);
  layer.activations_.assign(static_cast<std::size_t>(H) * W * layer.chunks_, 0);
  for (int k = 0; k < K; ++k)
    for (int c = 0; c < C; ++c)
      for (int r = 0; r < R; ++r)
        for (int s = 0; s < S; ++s)
          if (w[((static_cast<std::size_t>(k) * C + c) * R + r) * S + s])
            layer.weights_[((static_cast<std::size_t>(k) * R + r) * S + s) * layer.chunks_ + c / chunk] |=
                1ull << (c % chunk);
  for (int c = 0; c < C; ++c)
    for (int y = 0; y < H; ++y)
      for (int x = 0; x < W; ++x)
        if (a[(static_cast<std::size_t>(c) * H + y) * W + x])
          layer.activations_[(static_cast<std::size_t>(y) * W + x) * layer.chunks_ + c / chunk] |= 1ull << (c % chunk);
  layer.count_nonzeros();
  return layer;
}

void SparseConvLayer::count_nonzeros() {
  weight_nnz_ = activation_nnz_ = 0;
  for (auto m : weights_) weight_nnz_ += std::popcount(m);
  for (auto m : activations_) activation_nnz_ += std::popcount(m);
}

double SparseConvLayer::measured_weight_density() const {
  return static_cast<double>(weight_nnz_) / (static_cast<double>(shape_.K) * shape_.C * shape_.R * shape_.S);
}
double SparseConvLayer::measured_activation_density() const {
  return static_cast<double>(activation_nnz_) / (static_cast<double>(shape_.C) * shape_.H * shape_.W);
}

std::int64_t count_effectual_macs_scalar(const SparseConvLayer& layer, int k, int yo, int xo) {
  const auto& sh = layer.shape();
  std::int64_t n = 0;
  for (int r = 0; r < sh.R; ++r) {
    const int y = yo * sh.stride - sh.pad + r;
    if (y < 0 || y >= sh.H) continue;
    for (int s = 0; s < sh.S; ++s) {
      const int x = xo * sh.stride - sh.pad + s;
      if (x < 0 || x >= sh.W) continue;
      for (int c = 0; c < sh.C; ++c) n += layer.weight_nonzero(k, c, r, s) && layer.activation_nonzero(c, y, x);
    }
  }
  return n;
}

std::int64_t count_effectual_macs_scalar(const SparseConvLayer& layer) {
  std::int64_t n = 0;
  const auto& sh = layer.shape();
  for (int k = 0; k < sh.K; ++k)
    for (int yo = 0; yo < sh.out_h(); ++yo)
      for (int xo = 0; xo < sh.out_w(); ++xo) n += count_effectual_macs_scalar(layer, k, yo, xo);
  return n;
}

}  // namespace snap

namespace snap {
std::int64_t count_effectual_macs(const SparseConvLayer& layer, int k, int yo, int xo) {
  const auto& sh = layer.shape();
  std::int64_t n = 0;
  for (int r = 0; r < sh.R; ++r) {
    const int y = yo * sh.stride - sh.pad + r;
    if (y < 0 || y >= sh.H) continue;
    for (int s = 0; s < sh.S; ++s) {
      const int x = xo * sh.stride - sh.pad + s;
      if (x < 0 || x >= sh.W) continue;
      for (int c = 0; c < layer.chunks_per_fiber(); ++c)
        n += std::popcount(layer.weight_chunk(k, r, s, c) & layer.activation_chunk(y, x, c));
    }
  }
  return n;
}
}  // namespace snap
