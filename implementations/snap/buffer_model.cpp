#include "snap/buffer_model.hpp"

#include <algorithm>
#include <bit>
#include <vector>

namespace snap {

namespace {

int index_bits(int chunk) {
  int bits = 0;
  while ((1 << bits) < chunk) ++bits;
  return bits;
}

// Lockstep passes over the output for one filter (see the loop order in the header).
std::int64_t sweeps_per_filter(const ConvLayerShape& sh, const SnapParameters& p) {
  const std::int64_t ho = sh.out_h(), wo = sh.out_w();
  if (sh.R * sh.S > 1) return (ho + p.groups_per_core - 1) / p.groups_per_core * wo;
  return (ho * wo + p.groups_per_core - 1) / p.groups_per_core;
}

}  // namespace

BufferTraffic model_buffers(const SparseConvLayer& layer, const SnapParameters& p, double compute_cycles) {
  BufferTraffic t;
  if (p.weight_buffer_bytes == 0 && p.activation_buffer_bytes == 0) return t;
  t.modeled = true;
  const auto& sh = layer.shape();
  t.entry_bits = p.value_bits + index_bits(layer.chunk());
  const std::int64_t wcap = p.weight_buffer_bytes > 0 ? p.weight_buffer_bytes * 8 : INT64_MAX;
  const std::int64_t acap = p.activation_buffer_bytes > 0 ? p.activation_buffer_bytes * 8 : INT64_MAX;
  const std::int64_t sweeps = sweeps_per_filter(sh, p);

  std::vector<std::int64_t> core_bits(p.cores, 0), tiles(p.cores, 0), tile_bits(p.cores, 0);
  for (int k = 0; k < sh.K; ++k) {
    std::int64_t nnz = 0;
    for (int r = 0; r < sh.R; ++r)
      for (int s = 0; s < sh.S; ++s)
        for (int c = 0; c < layer.chunks_per_fiber(); ++c) nnz += std::popcount(layer.weight_chunk(k, r, s, c));
    const std::int64_t bits = nnz * t.entry_bits;
    const int q = k % p.cores;
    core_bits[q] += bits;
    // Greedy filter tiles: a filter that would overflow the current tile starts the next one.
    if (tiles[q] == 0 || (wcap != INT64_MAX && tile_bits[q] + bits > wcap)) {
      ++tiles[q];
      tile_bits[q] = 0;
    }
    tile_bits[q] += bits;
    t.largest_filter_bits = std::max(t.largest_filter_bits, bits);
    t.weight_dram_bits += bits;
    if (bits > wcap && sweeps > 1) {
      t.weight_refill_bits += (sweeps - 1) * (bits - wcap);
      t.weight_refills += sweeps - 1;
    }
  }
  t.weight_dram_bits += t.weight_refill_bits;
  t.weight_footprint_bits = *std::max_element(core_bits.begin(), core_bits.end());

  t.activation_footprint_bits = layer.activation_nonzeros() * t.entry_bits;
  t.activation_dram_bits = t.activation_footprint_bits;
  t.filter_tiles = *std::max_element(tiles.begin(), tiles.end());
  if (t.activation_footprint_bits > acap && t.filter_tiles > 1) {
    t.activation_refill_bits = (t.filter_tiles - 1) * (t.activation_footprint_bits - acap);
    t.activation_refills = t.filter_tiles - 1;
  }
  t.activation_dram_bits += t.activation_refill_bits;

  if (p.dram_bytes_per_cycle > 0) {
    t.dram_cycles = t.dram_bytes() / p.dram_bytes_per_cycle;
    t.stall_cycles = std::max(0.0, t.dram_cycles - compute_cycles);
  }
  return t;
}

}  // namespace snap
