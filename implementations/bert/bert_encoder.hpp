// A BERT encoder forward pass: embeddings (token + position + type) and layer norm, then per
// layer multi-head self-attention (fused QKV projection, QKᵀ/√d, softmax over keys, PV),
// output projection, residual + layer norm, GELU feed-forward, residual + layer norm
// (post-norm, as BERT). Every linear layer runs on a GemmBackend; everything else on the
// shared operators of bert_ops.hpp.
//
// Activations are feature-major: hidden [H × ld] with ld >= tokens (padded so that a row
// stride is never a multiple of 4 KiB, which would make the column-wise reductions of layer
// norm thrash the cache sets). Token t of sequence b is column b·sequence + t.
//
// Padding: sequence b has lengths[b] real tokens; keys beyond it are left out of attention
// (scores are computed only over the real keys, which equals the usual −∞ mask exactly), as
// Hugging Face's attention mask does. Padded query positions are computed but meaningless.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bert/bert_weights.hpp"
#include "bert/gemm_backend.hpp"

namespace claimbench::bert {

struct BertInput {
  int batch = 0, sequence = 0;
  std::vector<std::int32_t> token_ids;  // batch × sequence
  std::vector<std::int32_t> type_ids;   // batch × sequence (empty: all 0)
  std::vector<int> lengths;             // batch (empty: all `sequence`)
  int length(int b) const { return lengths.empty() ? sequence : lengths[b]; }
  // Throws std::invalid_argument naming the first bad id, position or length.
  void validate(const BertConfig& config) const;
};

// Deterministic pseudo-random token ids in [1000, vocab) (no special tokens), full length.
BertInput random_input(const BertConfig& config, int batch, int sequence, std::uint64_t seed);

// Where the forward pass spends its time, per operator class (seconds, cumulative).
enum class OpClass { gemm, quantize, attention, softmax, layer_norm, gelu, other, count };
const char* op_class_name(OpClass c);  // gemm, quantize, attention, softmax, layer_norm, gelu, other

struct OpBreakdown {
  std::array<double, static_cast<int>(OpClass::count)> seconds{};
  long forwards = 0;
  double total() const;
};

class BertEncoder {
 public:
  // Prepares every linear weight with `backend` (untimed). The weights must stay alive and
  // unchanged; for a backend that needs_2of4() they must already be 2:4 (compress throws).
  BertEncoder(const BertWeights& weights, std::unique_ptr<GemmBackend> backend);

  // One forward pass; the final hidden states are in output().
  void forward(const BertInput& input, int threads = 1);

  const GemmBackend& backend() const { return *backend_; }
  const BertConfig& config() const { return w_.config; }
  int ld() const { return ld_; }
  int tokens() const { return tokens_; }
  // [H × ld] final hidden states of the last forward().
  const float* output() const { return out_; }
  // [H × ld] the last layer's input in the last forward() (kept for sampled checks).
  const float* last_layer_input() const { return last_in_; }
  // Mean over each sequence's real tokens: [batch × H] row-major.
  std::vector<float> mean_pooled(const BertInput& input) const;

  const OpBreakdown& breakdown() const { return breakdown_; }
  void reset_breakdown() { breakdown_ = {}; }
  std::size_t weight_bytes() const;          // all linear weights in the backend's format
  double prepare_seconds() const { return prepare_seconds_; }
  double kept_fraction() const;              // linear multiply-adds done / dense (weighted by size)

 private:
  struct Layer {
    std::unique_ptr<PreparedLinear> qkv, attn_out, ffn_up, ffn_down;
  };
  void ensure_buffers(int tokens, int sequence);
  void embed(const BertInput& input, int threads);
  void layer(int l, const BertInput& input, const float* in, float* out, int threads);

  const BertWeights& w_;
  std::unique_ptr<GemmBackend> backend_;
  std::vector<Layer> layers_;
  double prepare_seconds_ = 0.0;
  int tokens_ = 0, ld_ = 0, sequence_ = 0;
  std::vector<float> a_, b_, h_, qkv_, ctx_, tmp_, inter_, scores_, kt_, embed_;
  const float* out_ = nullptr;
  const float* last_in_ = nullptr;
  OpBreakdown breakdown_;
};

}  // namespace claimbench::bert
