#include "claimbench/problem_data.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "claimbench/channel_permutation.hpp"
#include "claimbench/statistics.hpp"

namespace claimbench {

void fill_values(std::vector<float>& out, const std::string& distribution, std::uint64_t seed) {
  Bootstrap rng(seed);
  auto unit = [&] { return (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1.0p-53; };  // (0, 1)
  if (distribution == "uniform") {
    for (auto& v : out) v = static_cast<float>(2.0 * unit() - 1.0);
  } else if (distribution == "normal") {
    for (std::size_t i = 0; i < out.size(); i += 2) {
      const double r = std::sqrt(-2.0 * std::log(unit()));
      const double t = 2.0 * std::numbers::pi * unit();
      out[i] = static_cast<float>(r * std::cos(t));
      if (i + 1 < out.size()) out[i + 1] = static_cast<float>(r * std::sin(t));
    }
  } else if (distribution == "relu") {
    // max(0, N(0,1)): post-ReLU activations, about half of them exactly zero.
    fill_values(out, "normal", seed);
    for (auto& v : out) v = v > 0.0f ? v : 0.0f;
  } else {
    throw std::invalid_argument("unknown value distribution '" + distribution + "'");
  }
}

GemmProblem ProblemData::problem() const {
  GemmProblem p;
  p.M = M;
  p.N = N;
  p.K = K;
  p.A = A.data();
  p.lda = K;
  p.B = B.data();
  p.ldb = N;
  p.pattern = pattern;
  p.unstructured_sparsity = unstructured_sparsity;
  return p;
}

ProblemData make_problem_data(const Workload& w) {
  ProblemData d;
  d.M = w.m;
  d.N = w.n;
  d.K = w.k;
  const auto unstructured = parse_unstructured_sparsity(w.pattern);
  d.pattern = unstructured ? NMPattern{} : *NMPattern::parse_workload_pattern(w.pattern, d.permuted);
  d.A.resize(static_cast<std::size_t>(w.m) * w.k);
  d.B.resize(static_cast<std::size_t>(w.k) * w.n);
  fill_values(d.A, w.distribution, w.seed);
  fill_values(d.B, w.distribution, w.seed ^ 0x5851f42d4c957f2dull);
  if (!d.pattern.is_dense()) {
    const double total = kept_magnitude(d.A.data(), d.M, d.K, d.K, NMPattern{});
    d.kept_magnitude_fraction_identity = kept_magnitude(d.A.data(), d.M, d.K, d.K, d.pattern) / total;
    d.kept_magnitude_fraction = d.kept_magnitude_fraction_identity;
    if (d.permuted) {
      // Permute W's columns and X's rows alike: the product is unchanged, the groups are not.
      const auto search = search_channel_permutation(d.A.data(), d.M, d.K, d.K, d.pattern, d.K, w.seed);
      std::vector<float> a(d.A.size()), b(d.B.size());
      permute_columns(d.A.data(), d.M, d.K, d.K, search.order, a.data(), d.K);
      permute_rows(d.B.data(), d.K, d.N, d.N, search.order, b.data(), d.N);
      d.A = std::move(a);
      d.B = std::move(b);
      d.kept_magnitude_fraction = search.kept_permuted / total;
    }
  }
  prune_nm_by_magnitude(d.A.data(), d.M, d.K, d.K, d.pattern);
  if (unstructured) {
    const double total = kept_magnitude(d.A.data(), d.M, d.K, d.K, NMPattern{});
    d.unstructured_sparsity = *unstructured;
    prune_unstructured_by_magnitude(d.A.data(), d.M, d.K, d.K, d.unstructured_sparsity);
    d.kept_magnitude_fraction = d.kept_magnitude_fraction_identity =
        kept_magnitude(d.A.data(), d.M, d.K, d.K, NMPattern{}) / total;
  }
  return d;
}

}  // namespace claimbench
