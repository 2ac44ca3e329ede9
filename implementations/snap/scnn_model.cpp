#include "snap/scnn_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace snap {

void ScnnParameters::validate() const {
  auto need = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("SCNN parameter ") + what);
  };
  need(pe_rows >= 1 && pe_cols >= 1, "pe_rows and pe_cols must be at least 1");
  need(weights_per_cycle >= 1 && activations_per_cycle >= 1, "F and I must be at least 1");
  need(accumulator_banks >= 1 && accumulator_banks <= 4096, "accumulator_banks must be 1..4096");
  need(output_channel_group >= 1, "output_channel_group must be at least 1");
  need(max_groups_per_layer >= 0, "max_groups_per_layer must be >= 0");
}

std::vector<std::pair<std::string, double>> ScnnParameters::values() const {
  return {{"pe_rows", pe_rows},
          {"pe_cols", pe_cols},
          {"weights_per_cycle", weights_per_cycle},
          {"activations_per_cycle", activations_per_cycle},
          {"accumulator_banks", accumulator_banks},
          {"output_channel_group", output_channel_group},
          {"bank_conflicts", bank_conflicts ? 1.0 : 0.0},
          {"max_groups_per_layer", static_cast<double>(max_groups_per_layer)}};
}

std::vector<int> scnn_simulated_groups(const ConvLayerShape& shape, const ScnnParameters& p) {
  const int kc = p.output_channel_group;
  const std::int64_t groups = (shape.K + kc - 1) / kc;
  std::vector<int> first;
  if (p.max_groups_per_layer <= 0 || groups <= p.max_groups_per_layer) {
    for (std::int64_t g = 0; g < groups; ++g) first.push_back(static_cast<int>(g * kc));
    return first;
  }
  const double stride = static_cast<double>(groups) / p.max_groups_per_layer;
  for (std::int64_t b = 0; b < p.max_groups_per_layer; ++b)
    first.push_back(static_cast<int>(std::min<std::int64_t>(groups - 1, std::llround((b + 0.5) * stride - 0.5))) * kc);
  return first;
}

namespace {

struct Coord {
  int a, b;  // (k, r·S+s) for weights, (y, x) for activations
};

}  // namespace

ScnnResult simulate_scnn(const SparseConvLayer& layer, const ScnnParameters& p) {
  p.validate();
  const auto& sh = layer.shape();
  const int ho = sh.out_h(), wo = sh.out_w();
  const int pes = p.pe_rows * p.pe_cols;
  const int F = p.weights_per_cycle, I = p.activations_per_cycle, A = p.accumulator_banks;
  // Spatial tiles of the input plane, as even as integer division allows.
  auto tile_of = [](int v, int extent, int parts) { return std::min(parts - 1, static_cast<int>(static_cast<std::int64_t>(v) * parts / extent)); };
  auto pe_of_input = [&](int y, int x) { return tile_of(y, sh.H, p.pe_rows) * p.pe_cols + tile_of(x, sh.W, p.pe_cols); };

  // Per channel: nonzero activations of each PE tile.
  std::vector<std::vector<std::vector<Coord>>> acts(sh.C, std::vector<std::vector<Coord>>(pes));
  for (int y = 0; y < sh.H; ++y)
    for (int x = 0; x < sh.W; ++x)
      for (int c = 0; c < sh.C; ++c)
        if (layer.activation_nonzero(c, y, x)) acts[c][pe_of_input(y, x)].push_back({y, x});

  ScnnResult res;
  res.multipliers = p.multipliers();
  const auto groups = scnn_simulated_groups(sh, p);
  res.total_groups = (sh.K + p.output_channel_group - 1) / p.output_channel_group;
  res.simulated_groups = static_cast<std::int64_t>(groups.size());
  res.scale = static_cast<double>(res.total_groups) / std::max<std::int64_t>(1, res.simulated_groups);

  std::vector<std::int64_t> pe_cycles(pes);
  std::vector<Coord> weights;
  std::array<int, 4096> bank_load{};
  std::vector<int> touched;
  for (const int k0 : groups) {
    const int k1 = std::min(sh.K, k0 + p.output_channel_group);
    std::fill(pe_cycles.begin(), pe_cycles.end(), 0);
    res.output_writes += static_cast<std::int64_t>(k1 - k0) * ho * wo;
    for (int c = 0; c < sh.C; ++c) {
      weights.clear();
      for (int k = k0; k < k1; ++k)
        for (int r = 0; r < sh.R; ++r)
          for (int s = 0; s < sh.S; ++s)
            if (layer.weight_nonzero(k, c, r, s)) weights.push_back({k, r * sh.S + s});
      if (weights.empty()) continue;
      for (int pe = 0; pe < pes; ++pe) {
        const auto& act = acts[c][pe];
        if (act.empty()) continue;
        for (std::size_t wi = 0; wi < weights.size(); wi += F) {
          const std::size_t we = std::min(weights.size(), wi + F);
          for (std::size_t ai = 0; ai < act.size(); ai += I) {
            const std::size_t ae = std::min(act.size(), ai + I);
            int busiest = 0;
            for (std::size_t u = wi; u < we; ++u) {
              const int k = weights[u].a, r = weights[u].b / sh.S, s = weights[u].b % sh.S;
              for (std::size_t v = ai; v < ae; ++v) {
                ++res.products;
                const int yn = act[v].a + sh.pad - r, xn = act[v].b + sh.pad - s;
                if (yn < 0 || xn < 0 || yn % sh.stride || xn % sh.stride) {
                  ++res.discarded_products;
                  continue;
                }
                const int yo = yn / sh.stride, xo = xn / sh.stride;
                if (yo >= ho || xo >= wo) {
                  ++res.discarded_products;
                  continue;
                }
                ++res.useful_products;
                ++res.accumulator_updates;
                // The output's owner: the PE whose input tile holds its top-left input tap.
                const int owner = pe_of_input(std::min(sh.H - 1, yo * sh.stride), std::min(sh.W - 1, xo * sh.stride));
                if (owner != pe) ++res.halo_updates;
                if (p.bank_conflicts) {
                  const int bank = static_cast<int>(((static_cast<std::int64_t>(k) * ho + yo) * wo + xo) % A);
                  if (bank_load[bank]++ == 0) touched.push_back(bank);
                  busiest = std::max(busiest, bank_load[bank]);
                }
              }
            }
            for (int b : touched) bank_load[b] = 0;
            touched.clear();
            const int cycles = std::max(1, busiest);
            ++res.batch_cycles;
            res.conflict_cycles += cycles - 1;
            pe_cycles[pe] += cycles;
          }
        }
      }
    }
    const std::int64_t slowest = *std::max_element(pe_cycles.begin(), pe_cycles.end());
    res.cycles += slowest;
    for (auto c : pe_cycles) res.idle_barrier_slots += (slowest - c) * F * I;
  }
  return res;
}

}  // namespace snap
