#include "bert/bert_encoder.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "bert/bert_ops.hpp"

namespace claimbench::bert {
namespace {

using Clock = std::chrono::steady_clock;

class Timed {
 public:
  Timed(OpBreakdown& b, OpClass c) : b_(b), c_(c), t0_(Clock::now()) {}
  ~Timed() { b_.seconds[static_cast<int>(c_)] += std::chrono::duration<double>(Clock::now() - t0_).count(); }

 private:
  OpBreakdown& b_;
  OpClass c_;
  Clock::time_point t0_;
};

inline std::size_t sz(long long x) { return static_cast<std::size_t>(x); }

}  // namespace

const char* op_class_name(OpClass c) {
  switch (c) {
    case OpClass::gemm: return "gemm";
    case OpClass::quantize: return "quantize";
    case OpClass::attention: return "attention";
    case OpClass::softmax: return "softmax";
    case OpClass::layer_norm: return "layer_norm";
    case OpClass::gelu: return "gelu";
    case OpClass::other: return "other";
    case OpClass::count: break;
  }
  return "?";
}

double OpBreakdown::total() const { return std::accumulate(seconds.begin(), seconds.end(), 0.0); }

void BertInput::validate(const BertConfig& c) const {
  auto fail = [](const std::string& m) { throw std::invalid_argument("BERT input: " + m); };
  if (batch < 1 || sequence < 1) fail("batch and sequence must be at least 1");
  if (sequence > c.max_position)
    fail("sequence " + std::to_string(sequence) + " exceeds max_position " + std::to_string(c.max_position));
  if (token_ids.size() != sz(batch) * sequence)
    fail("token_ids holds " + std::to_string(token_ids.size()) + " ids, expected batch × sequence = " +
         std::to_string(sz(batch) * sequence));
  if (!type_ids.empty() && type_ids.size() != token_ids.size()) fail("type_ids must be empty or batch × sequence");
  if (!lengths.empty() && lengths.size() != sz(batch)) fail("lengths must be empty or hold one length per sequence");
  for (int b = 0; b < batch; ++b)
    if (length(b) < 1 || length(b) > sequence)
      fail("sequence " + std::to_string(b) + " has length " + std::to_string(length(b)) + ", outside 1.." +
           std::to_string(sequence));
  for (std::size_t i = 0; i < token_ids.size(); ++i) {
    if (token_ids[i] < 0 || token_ids[i] >= c.vocab)
      fail("token id " + std::to_string(token_ids[i]) + " at position " + std::to_string(i) + " is outside the vocabulary (0.." +
           std::to_string(c.vocab - 1) + ")");
    if (!type_ids.empty() && (type_ids[i] < 0 || type_ids[i] >= c.type_vocab))
      fail("type id " + std::to_string(type_ids[i]) + " at position " + std::to_string(i) + " is out of range");
  }
}

BertInput random_input(const BertConfig& c, int batch, int sequence, std::uint64_t seed) {
  BertInput in;
  in.batch = batch;
  in.sequence = sequence;
  in.token_ids.resize(sz(batch) * sequence);
  std::uint64_t s = seed * 0x9E3779B97F4A7C15ull + 12345;
  const int lo = c.vocab > 2000 ? 1000 : 0;
  for (auto& id : in.token_ids) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;  // xorshift64
    id = lo + static_cast<std::int32_t>(s % static_cast<std::uint64_t>(c.vocab - lo));
  }
  return in;
}

BertEncoder::BertEncoder(const BertWeights& weights, std::unique_ptr<GemmBackend> backend)
    : w_(weights), backend_(std::move(backend)) {
  w_.config.validate();
  const auto t0 = Clock::now();
  const int H = w_.config.hidden, F = w_.config.ffn;
  for (const auto& lw : w_.layers) {
    Layer l;
    l.qkv = backend_->prepare(lw.qkv_w.data(), 3 * H, H);
    l.attn_out = backend_->prepare(lw.attn_out_w.data(), H, H);
    l.ffn_up = backend_->prepare(lw.ffn_up_w.data(), F, H);
    l.ffn_down = backend_->prepare(lw.ffn_down_w.data(), H, F);
    layers_.push_back(std::move(l));
  }
  prepare_seconds_ = std::chrono::duration<double>(Clock::now() - t0).count();
}

std::size_t BertEncoder::weight_bytes() const {
  std::size_t n = 0;
  for (const auto& l : layers_)
    n += l.qkv->weight_bytes() + l.attn_out->weight_bytes() + l.ffn_up->weight_bytes() + l.ffn_down->weight_bytes();
  return n;
}

double BertEncoder::kept_fraction() const {
  const double H = w_.config.hidden, F = w_.config.ffn;
  double kept = 0, all = 0;
  for (const auto& l : layers_) {
    kept += l.qkv->kept_fraction() * 3 * H * H + l.attn_out->kept_fraction() * H * H +
            l.ffn_up->kept_fraction() * F * H + l.ffn_down->kept_fraction() * H * F;
    all += 4 * H * H + 2 * F * H;
  }
  return all > 0 ? kept / all : 1.0;
}

void BertEncoder::ensure_buffers(int tokens, int sequence) {
  if (tokens == tokens_ && sequence == sequence_) return;
  tokens_ = tokens;
  sequence_ = sequence;
  ld_ = (tokens + 15) / 16 * 16;
  if (ld_ % 256 == 0) ld_ += 16;  // a row stride of a multiple of 1 KiB maps columns onto few cache sets
  const std::size_t H = w_.config.hidden, F = w_.config.ffn, L = ld_;
  a_.assign(H * L, 0.0f);
  b_.assign(H * L, 0.0f);
  h_.assign(H * L, 0.0f);
  ctx_.assign(H * L, 0.0f);
  tmp_.assign(H * L, 0.0f);
  qkv_.assign(3 * H * L, 0.0f);
  inter_.assign(F * L, 0.0f);
  scores_.assign(sz(sequence) * sequence, 0.0f);
  kt_.assign(sz(sequence) * w_.config.head_size(), 0.0f);
  embed_.assign(sz(tokens) * H, 0.0f);
}

void BertEncoder::embed(const BertInput& in, int threads) {
  const BertOps& ops = bert_ops();
  const int H = w_.config.hidden, S = in.sequence, T = tokens_;
  {
    Timed t(breakdown_, OpClass::other);
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
    for (int tok = 0; tok < T; ++tok) {
      const float* word = w_.word_emb.data() + sz(in.token_ids[tok]) * H;
      const float* pos = w_.pos_emb.data() + sz(tok % S) * H;
      const float* type = w_.type_emb.data() + sz(in.type_ids.empty() ? 0 : in.type_ids[tok]) * H;
      float* e = embed_.data() + sz(tok) * H;
      for (int f = 0; f < H; ++f) e[f] = word[f] + pos[f] + type[f];
    }
    ops.transpose_scale(embed_.data(), T, H, H, a_.data(), ld_, 1.0f);
  }
  Timed t(breakdown_, OpClass::layer_norm);
  ops.layer_norm(a_.data(), nullptr, nullptr, w_.emb_ln_g.data(), w_.emb_ln_b.data(), a_.data(), H, T, ld_,
                 w_.config.layer_norm_eps, threads);
}

void BertEncoder::layer(int index, const BertInput& in, const float* x, float* out, int threads) {
  const BertOps& ops = bert_ops();
  const BertLayerWeights& lw = w_.layers[index];
  Layer& l = layers_[index];
  const int H = w_.config.hidden, F = w_.config.ffn, d = w_.config.head_size(), S = in.sequence, T = tokens_;
  const int L = ld_;
  const float eps = w_.config.layer_norm_eps;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  {
    Timed t(breakdown_, OpClass::gemm);
    l.qkv->run(x, L, T, qkv_.data(), L, threads);
  }
  {
    Timed t(breakdown_, OpClass::other);
    ops.bias_add(qkv_.data(), 3 * H, T, L, lw.qkv_b.data(), threads);
  }
  // Per sequence and head: scoresᵀ[len × S] = (K_h/√d)ᵀ · Q_h, softmax down each query's column,
  // then ctx_h[d × S] = V_h[d × len] · scoresᵀ. Only K_h is transposed (len × d floats).
  for (int b = 0; b < in.batch; ++b) {
    const int len = in.length(b);
    const std::size_t col = sz(b) * S;
    for (int h = 0; h < w_.config.heads; ++h) {
      const float* q = qkv_.data() + sz(h * d) * L + col;
      const float* k = qkv_.data() + sz(H + h * d) * L + col;
      const float* v = qkv_.data() + sz(2 * H + h * d) * L + col;
      {
        Timed t(breakdown_, OpClass::attention);
        ops.transpose_scale(k, d, len, L, kt_.data(), d, scale);
        backend_->matmul(len, S, d, kt_.data(), d, q, L, scores_.data(), S, threads);
      }
      {
        Timed t(breakdown_, OpClass::softmax);
        ops.softmax_columns(scores_.data(), len, S, S, threads);
      }
      Timed t(breakdown_, OpClass::attention);
      backend_->matmul(d, S, len, v, L, scores_.data(), S, ctx_.data() + sz(h * d) * L + col, L, threads);
    }
  }
  {
    Timed t(breakdown_, OpClass::gemm);
    l.attn_out->run(ctx_.data(), L, T, tmp_.data(), L, threads);
  }
  {
    Timed t(breakdown_, OpClass::layer_norm);
    ops.layer_norm(tmp_.data(), lw.attn_out_b.data(), x, lw.ln1_g.data(), lw.ln1_b.data(), h_.data(), H, T, L, eps,
                   threads);
  }
  {
    Timed t(breakdown_, OpClass::gemm);
    l.ffn_up->run(h_.data(), L, T, inter_.data(), L, threads);
  }
  {
    Timed t(breakdown_, OpClass::gelu);
    ops.bias_gelu(inter_.data(), F, T, L, lw.ffn_up_b.data(), threads);
  }
  {
    Timed t(breakdown_, OpClass::gemm);
    l.ffn_down->run(inter_.data(), L, T, tmp_.data(), L, threads);
  }
  Timed t(breakdown_, OpClass::layer_norm);
  ops.layer_norm(tmp_.data(), lw.ffn_down_b.data(), h_.data(), lw.ln2_g.data(), lw.ln2_b.data(), out, H, T, L, eps,
                 threads);
}

void BertEncoder::forward(const BertInput& input, int threads) {
  input.validate(w_.config);
  ensure_buffers(input.batch * input.sequence, input.sequence);
  double conversion_before = 0;
  for (const auto& l : layers_)
    conversion_before += l.qkv->conversion_seconds() + l.attn_out->conversion_seconds() +
                         l.ffn_up->conversion_seconds() + l.ffn_down->conversion_seconds();
  embed(input, threads);
  // Ping-pong between a_ and b_, so the last layer's input survives the pass.
  for (int l = 0; l < w_.config.layers; ++l) {
    float* in = l % 2 == 0 ? a_.data() : b_.data();
    float* out = l % 2 == 0 ? b_.data() : a_.data();
    layer(l, input, in, out, threads);
    last_in_ = in;
    out_ = out;
  }
  double conversion_after = 0;
  for (const auto& l : layers_)
    conversion_after += l.qkv->conversion_seconds() + l.attn_out->conversion_seconds() +
                        l.ffn_up->conversion_seconds() + l.ffn_down->conversion_seconds();
  // int8 activation quantization ran inside the GEMM calls: report it as its own class.
  const double conversion = conversion_after - conversion_before;
  breakdown_.seconds[static_cast<int>(OpClass::gemm)] -= conversion;
  breakdown_.seconds[static_cast<int>(OpClass::quantize)] += conversion;
  ++breakdown_.forwards;
}

std::vector<float> BertEncoder::mean_pooled(const BertInput& in) const {
  const int H = w_.config.hidden;
  std::vector<float> pooled(sz(in.batch) * H, 0.0f);
  for (int b = 0; b < in.batch; ++b)
    for (int f = 0; f < H; ++f) {
      double s = 0;
      for (int t = 0; t < in.length(b); ++t) s += out_[sz(f) * ld_ + sz(b) * in.sequence + t];
      pooled[sz(b) * H + f] = static_cast<float>(s / in.length(b));
    }
  return pooled;
}

}  // namespace claimbench::bert
