#include "bert/bert_reference.hpp"

#include <cmath>
#include <numeric>

namespace claimbench::bert {
namespace {

using Vec = std::vector<double>;

// y[t][o] = Σ_i W[o][i]·x[t][i] + bias[o] for the listed rows of x.
Vec linear(const std::vector<float>& W, const std::vector<float>& bias, const Vec& x, int in, int out,
           const std::vector<int>& rows) {
  Vec y(rows.size() * out);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double* xr = x.data() + static_cast<std::size_t>(rows[r]) * in;
    for (int o = 0; o < out; ++o) {
      const float* wr = W.data() + static_cast<std::size_t>(o) * in;
      double s = bias[o];
      for (int i = 0; i < in; ++i) s += static_cast<double>(wr[i]) * xr[i];
      y[r * out + o] = s;
    }
  }
  return y;
}

void layer_norm(double* row, int H, const std::vector<float>& g, const std::vector<float>& b, double eps) {
  double mean = 0, var = 0;
  for (int f = 0; f < H; ++f) mean += row[f];
  mean /= H;
  for (int f = 0; f < H; ++f) var += (row[f] - mean) * (row[f] - mean);
  var /= H;
  const double rstd = 1.0 / std::sqrt(var + eps);
  for (int f = 0; f < H; ++f) row[f] = (row[f] - mean) * rstd * g[f] + b[f];
}

std::vector<int> iota(int n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

// Rows [o·3H/3 ...] of the fused QKV weight as a separate projection (part 0 Q, 1 K, 2 V).
Vec project(const BertLayerWeights& lw, int part, const Vec& x, int H, const std::vector<int>& rows) {
  Vec y(rows.size() * H);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double* xr = x.data() + static_cast<std::size_t>(rows[r]) * H;
    for (int o = 0; o < H; ++o) {
      const float* wr = lw.qkv_w.data() + static_cast<std::size_t>(part * H + o) * H;
      double s = lw.qkv_b[part * H + o];
      for (int i = 0; i < H; ++i) s += static_cast<double>(wr[i]) * xr[i];
      y[r * H + o] = s;
    }
  }
  return y;
}

}  // namespace

Vec reference_embeddings(const BertWeights& w, const BertInput& in, int b) {
  const int H = w.config.hidden, S = in.sequence;
  Vec x(static_cast<std::size_t>(S) * H);
  for (int t = 0; t < S; ++t) {
    const std::size_t i = static_cast<std::size_t>(b) * S + t;
    const int id = in.token_ids[i], type = in.type_ids.empty() ? 0 : in.type_ids[i];
    for (int f = 0; f < H; ++f)
      x[static_cast<std::size_t>(t) * H + f] = static_cast<double>(w.word_emb[static_cast<std::size_t>(id) * H + f]) +
                                                w.pos_emb[static_cast<std::size_t>(t) * H + f] +
                                                w.type_emb[static_cast<std::size_t>(type) * H + f];
    layer_norm(x.data() + static_cast<std::size_t>(t) * H, H, w.emb_ln_g, w.emb_ln_b, w.config.layer_norm_eps);
  }
  return x;
}

Vec reference_layer(const BertWeights& w, int layer, const Vec& x, int S, int length, const std::vector<int>& queries) {
  const BertLayerWeights& lw = w.layers[layer];
  const int H = w.config.hidden, F = w.config.ffn, A = w.config.heads, d = w.config.head_size();
  const double eps = w.config.layer_norm_eps;
  (void)S;
  const std::vector<int> keys = iota(length);
  const Vec q = project(lw, 0, x, H, queries);
  const Vec k = project(lw, 1, x, H, keys);
  const Vec v = project(lw, 2, x, H, keys);
  const std::size_t nq = queries.size();
  Vec ctx(nq * H, 0.0);
  Vec p(length);
  for (std::size_t r = 0; r < nq; ++r)
    for (int h = 0; h < A; ++h) {
      double mx = -INFINITY;
      for (int j = 0; j < length; ++j) {
        double s = 0;
        for (int e = 0; e < d; ++e) s += q[r * H + h * d + e] * k[static_cast<std::size_t>(j) * H + h * d + e];
        p[j] = s / std::sqrt(static_cast<double>(d));
        mx = std::max(mx, p[j]);
      }
      double sum = 0;
      for (int j = 0; j < length; ++j) sum += (p[j] = std::exp(p[j] - mx));
      for (int j = 0; j < length; ++j)
        for (int e = 0; e < d; ++e) ctx[r * H + h * d + e] += p[j] / sum * v[static_cast<std::size_t>(j) * H + h * d + e];
    }
  const std::vector<int> all = iota(static_cast<int>(nq));
  Vec h1 = linear(lw.attn_out_w, lw.attn_out_b, ctx, H, H, all);
  for (std::size_t r = 0; r < nq; ++r) {
    for (int f = 0; f < H; ++f) h1[r * H + f] += x[static_cast<std::size_t>(queries[r]) * H + f];
    layer_norm(h1.data() + r * H, H, lw.ln1_g, lw.ln1_b, eps);
  }
  Vec inter = linear(lw.ffn_up_w, lw.ffn_up_b, h1, H, F, all);
  for (double& u : inter) u = 0.5 * u * (1.0 + std::erf(u / std::sqrt(2.0)));
  Vec out = linear(lw.ffn_down_w, lw.ffn_down_b, inter, F, H, all);
  for (std::size_t r = 0; r < nq; ++r) {
    for (int f = 0; f < H; ++f) out[r * H + f] += h1[r * H + f];
    layer_norm(out.data() + r * H, H, lw.ln2_g, lw.ln2_b, eps);
  }
  return out;
}

Vec reference_encoder(const BertWeights& w, const BertInput& in, int b) {
  Vec x = reference_embeddings(w, in, b);
  const std::vector<int> all = iota(in.sequence);
  for (int l = 0; l < w.config.layers; ++l) x = reference_layer(w, l, x, in.sequence, in.length(b), all);
  return x;
}

Vec reference_mean_pool(const Vec& hidden, int H, int length) {
  Vec p(H, 0.0);
  for (int t = 0; t < length; ++t)
    for (int f = 0; f < H; ++f) p[f] += hidden[static_cast<std::size_t>(t) * H + f];
  for (double& x : p) x /= length;
  return p;
}

}  // namespace claimbench::bert
