// Shape of a BERT encoder (Devlin et al. 2019): L layers of hidden size H with A attention heads
// of size H/A and a feed-forward (intermediate) size F, plus the embedding tables.
#pragma once

#include <stdexcept>
#include <string>

namespace claimbench::bert {

struct BertConfig {
  int layers = 12;
  int hidden = 768;
  int heads = 12;
  int ffn = 3072;
  int vocab = 30522;
  int max_position = 512;
  int type_vocab = 2;
  float layer_norm_eps = 1e-12f;  // BERT's and all-MiniLM-L6-v2's config.json value

  int head_size() const { return hidden / heads; }
  // Throws std::invalid_argument naming the first inconsistent field.
  void validate() const {
    auto need = [](bool ok, const std::string& what) {
      if (!ok) throw std::invalid_argument("BERT configuration: " + what);
    };
    need(layers >= 1, "layers must be at least 1");
    need(hidden >= 1 && heads >= 1, "hidden and heads must be at least 1");
    need(hidden % heads == 0, "hidden (" + std::to_string(hidden) + ") must be a multiple of heads (" +
                                  std::to_string(heads) + ")");
    need(ffn >= 1, "ffn must be at least 1");
    need(vocab >= 1 && max_position >= 1 && type_vocab >= 1, "vocab, max_position and type_vocab must be at least 1");
    need(layer_norm_eps > 0.0f, "layer_norm_eps must be positive");
  }
};

// BERT-base: L=12, H=768, A=12, F=3072; BERT-Large: L=24, H=1024, A=16, F=4096 (Devlin et al. 2019, §3).
inline BertConfig bert_base() { return {12, 768, 12, 3072}; }
inline BertConfig bert_large() { return {24, 1024, 16, 4096}; }

// Dense multiply-adds ×2 of one forward pass over `tokens` tokens in sequences of `sequence`
// (linear layers + attention's two batched matmuls; embeddings, softmax, norms not counted).
inline double linear_flops(const BertConfig& c, double tokens) {
  return 2.0 * tokens * c.layers * (4.0 * c.hidden * c.hidden + 2.0 * c.hidden * c.ffn);
}
inline double attention_flops(const BertConfig& c, double tokens, double sequence) {
  return 2.0 * 2.0 * tokens * sequence * c.hidden * c.layers;
}

}  // namespace claimbench::bert
