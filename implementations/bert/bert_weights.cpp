#include "bert/bert_weights.hpp"

#include <cmath>
#include <cstddef>

namespace claimbench::bert {
namespace {

// splitmix64: a small, fast, well-mixed generator; each tensor gets its own stream so the
// weights do not depend on the order tensors are filled in.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
};

// Box-Muller: two normals per pair of uniforms.
std::vector<float> normal(std::size_t count, double mean, double stddev, std::uint64_t seed, std::uint64_t stream) {
  SplitMix64 rng{seed * 0x2545F4914F6CDD1Dull + stream * 0x9E3779B97F4A7C15ull + 1};
  std::vector<float> v(count);
  for (std::size_t i = 0; i < count; i += 2) {
    const double r = std::sqrt(-2.0 * std::log(rng.uniform()));
    const double t = 6.283185307179586 * rng.uniform();
    v[i] = static_cast<float>(mean + stddev * r * std::cos(t));
    if (i + 1 < count) v[i + 1] = static_cast<float>(mean + stddev * r * std::sin(t));
  }
  return v;
}

double prune_rows(std::vector<float>& w, int rows, int cols) {
  double all = 0, kept = 0;
  for (float x : w) all += std::fabs(x);
  prune_2of4_by_magnitude(w.data(), rows, cols);
  for (float x : w) kept += std::fabs(x);
  return all > 0 ? kept / all : 1.0;
}

}  // namespace

BertWeights random_bert_weights(const BertConfig& c, std::uint64_t seed) {
  c.validate();
  const std::size_t H = c.hidden, F = c.ffn;
  constexpr double kInit = 0.02;  // BERT's initializer_range
  std::uint64_t stream = 0;
  BertWeights w;
  w.config = c;
  w.word_emb = normal(static_cast<std::size_t>(c.vocab) * H, 0, kInit, seed, ++stream);
  w.pos_emb = normal(static_cast<std::size_t>(c.max_position) * H, 0, kInit, seed, ++stream);
  w.type_emb = normal(static_cast<std::size_t>(c.type_vocab) * H, 0, kInit, seed, ++stream);
  w.emb_ln_g = normal(H, 1, 0.1, seed, ++stream);
  w.emb_ln_b = normal(H, 0, 0.1, seed, ++stream);
  w.layers.resize(c.layers);
  for (auto& l : w.layers) {
    l.qkv_w = normal(3 * H * H, 0, kInit, seed, ++stream);
    l.qkv_b = normal(3 * H, 0, kInit, seed, ++stream);
    l.attn_out_w = normal(H * H, 0, kInit, seed, ++stream);
    l.attn_out_b = normal(H, 0, kInit, seed, ++stream);
    l.ln1_g = normal(H, 1, 0.1, seed, ++stream);
    l.ln1_b = normal(H, 0, 0.1, seed, ++stream);
    l.ffn_up_w = normal(F * H, 0, kInit, seed, ++stream);
    l.ffn_up_b = normal(F, 0, kInit, seed, ++stream);
    l.ffn_down_w = normal(H * F, 0, kInit, seed, ++stream);
    l.ffn_down_b = normal(H, 0, kInit, seed, ++stream);
    l.ln2_g = normal(H, 1, 0.1, seed, ++stream);
    l.ln2_b = normal(H, 0, 0.1, seed, ++stream);
  }
  return w;
}

void prune_2of4_by_magnitude(float* w, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    float* row = w + static_cast<std::size_t>(r) * cols;
    for (int g = 0; g < cols; g += 4) {
      const int len = cols - g < 4 ? cols - g : 4;
      if (len <= 2) continue;  // a short last group keeps min(2, length)
      // Keep the two largest |w|; on ties the lower index wins (stable selection).
      int first = -1, second = -1;
      for (int i = 0; i < len; ++i) {
        const float a = std::fabs(row[g + i]);
        if (first < 0 || a > std::fabs(row[g + first])) {
          second = first;
          first = i;
        } else if (second < 0 || a > std::fabs(row[g + second])) {
          second = i;
        }
      }
      for (int i = 0; i < len; ++i)
        if (i != first && i != second) row[g + i] = 0.0f;
    }
  }
}

double prune_linear_weights_2of4(BertWeights& w) {
  const int H = w.config.hidden, F = w.config.ffn;
  double sum = 0;
  int count = 0;
  for (auto& l : w.layers) {
    sum += prune_rows(l.qkv_w, 3 * H, H);
    sum += prune_rows(l.attn_out_w, H, H);
    sum += prune_rows(l.ffn_up_w, F, H);
    sum += prune_rows(l.ffn_down_w, H, F);
    count += 4;
  }
  return count ? sum / count : 1.0;
}

}  // namespace claimbench::bert
