// The parameters of a BERT encoder, in PyTorch's nn.Linear layout: a weight is [out × in]
// row-major, so it is the A operand of C = W · X with activations X [in × tokens].
// Q, K and V are stacked into one [3H × H] projection (rows 0..H-1 query, H..2H-1 key,
// 2H..3H-1 value), as NVIDIA's and Hugging Face's fused implementations do.
#pragma once

#include <cstdint>
#include <vector>

#include "bert/bert_config.hpp"

namespace claimbench::bert {

struct BertLayerWeights {
  std::vector<float> qkv_w, qkv_b;          // [3H × H], [3H]
  std::vector<float> attn_out_w, attn_out_b;  // [H × H], [H]
  std::vector<float> ln1_g, ln1_b;          // [H] after attention
  std::vector<float> ffn_up_w, ffn_up_b;    // [F × H], [F]
  std::vector<float> ffn_down_w, ffn_down_b;  // [H × F], [H]
  std::vector<float> ln2_g, ln2_b;          // [H] after the feed-forward block
};

struct BertWeights {
  BertConfig config;
  std::vector<float> word_emb;   // [vocab × H]
  std::vector<float> pos_emb;    // [max_position × H]
  std::vector<float> type_emb;   // [type_vocab × H]
  std::vector<float> emb_ln_g, emb_ln_b;
  std::vector<BertLayerWeights> layers;
};

// Seeded random weights with the configuration's real shapes: linear weights and embeddings
// N(0, 0.02²) (BERT's initializer_range), biases N(0, 0.02²), layer-norm gains 1 + N(0, 0.1²)
// and shifts N(0, 0.1²) so the norms are not the identity. Deterministic for a seed.
BertWeights random_bert_weights(const BertConfig& config, std::uint64_t seed);

// Magnitude-prunes every encoder linear weight (QKV, attention output, FFN up and down) to 2:4
// along the input dimension, in place: in each group of 4 consecutive inputs of a row the 2
// largest |w| stay (ties keep the lower index), as apex ASP and the PyTorch tutorial prune all
// encoder nn.Linear layers. Embeddings, biases and norms stay dense. Returns the mean over the
// pruned matrices of the fraction of |w| mass kept (sum of kept |w| / sum of all |w|).
double prune_linear_weights_2of4(BertWeights& weights);

// The same rule on one row-major matrix.
void prune_2of4_by_magnitude(float* w, int rows, int cols);

}  // namespace claimbench::bert
