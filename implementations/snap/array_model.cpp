#include "snap/array_model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace snap {

ReductionMode reduction_mode(const ConvLayerShape& shape) {
  return shape.R * shape.S > 1 ? ReductionMode::diagonal : ReductionMode::row;
}
const char* to_string(ReductionMode mode) { return mode == ReductionMode::diagonal ? "diagonal" : "row"; }

namespace {

struct WorkItem {
  int k, yo, xo, lo, hi, tile;
};

// Where every work item goes: which core, which lockstep step, which group.
class Geometry {
 public:
  Geometry(const ConvLayerShape& sh, const SnapParameters& p)
      : sh_(sh), mode_(reduction_mode(sh)), ho_(sh.out_h()), wo_(sh.out_w()), groups_(p.groups_per_core),
        cores_(p.cores) {
    tile_ = p.channel_tile > 0 ? std::min(p.channel_tile, sh.C) : sh.C;
    tiles_ = (sh.C + tile_ - 1) / tile_;
    stripes_ = (ho_ + groups_ - 1) / groups_;
    positions_ = static_cast<std::int64_t>(ho_) * wo_;
    for (int q = 0; q < cores_; ++q) {
      const std::int64_t nk = q < sh.K ? (sh.K - q + cores_ - 1) / cores_ : 0;
      std::int64_t steps = 0;
      if (mode_ == ReductionMode::diagonal) {
        steps = nk * stripes_ * wo_ * tiles_;
      } else {
        const std::int64_t items = nk * positions_ * tiles_;
        steps = (items + groups_ - 1) / groups_;
      }
      steps_.push_back(steps);
      max_steps_ = std::max(max_steps_, steps);
    }
  }

  ReductionMode mode() const { return mode_; }
  std::int64_t steps(int core) const { return steps_[core]; }
  std::int64_t max_steps() const { return max_steps_; }

  bool item(int core, std::int64_t step, int group, WorkItem& out) const {
    if (step >= steps_[core]) return false;
    std::int64_t kk = 0, tile = 0;
    if (mode_ == ReductionMode::diagonal) {
      std::int64_t i = step;
      tile = i % tiles_;
      i /= tiles_;
      out.xo = static_cast<int>(i % wo_);
      i /= wo_;
      const std::int64_t stripe = i % stripes_;
      kk = i / stripes_;
      out.yo = static_cast<int>(stripe * groups_ + group);
      if (out.yo >= ho_) return false;
    } else {
      std::int64_t j = step * groups_ + group;
      const std::int64_t nk = (sh_.K - core + cores_ - 1) / cores_;
      if (j >= nk * positions_ * tiles_) return false;
      tile = j % tiles_;
      j /= tiles_;
      const std::int64_t pos = j % positions_;
      kk = j / positions_;
      out.yo = static_cast<int>(pos / wo_);
      out.xo = static_cast<int>(pos % wo_);
    }
    out.k = static_cast<int>(core + kk * cores_);
    out.tile = static_cast<int>(tile);
    out.lo = static_cast<int>(tile * tile_);
    out.hi = std::min(sh_.C, out.lo + tile_);
    return true;
  }

 private:
  ConvLayerShape sh_;
  ReductionMode mode_;
  int ho_, wo_, groups_, cores_;
  int tile_ = 1, tiles_ = 1;
  std::int64_t stripes_ = 1, positions_ = 1;
  std::vector<std::int64_t> steps_;
  std::int64_t max_steps_ = 0;
};

// Evenly spread step indices, each jittered inside its stride by a fixed hash so that a
// stride that divides the output width does not always land on the same column.
std::vector<std::int64_t> sampled_steps(std::int64_t total, std::int64_t budget) {
  std::vector<std::int64_t> steps;
  if (budget <= 0 || total <= budget) {
    steps.resize(total);
    for (std::int64_t i = 0; i < total; ++i) steps[i] = i;
    return steps;
  }
  const double stride = static_cast<double>(total) / budget;
  for (std::int64_t b = 0; b < budget; ++b) {
    std::uint64_t h = static_cast<std::uint64_t>(b) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    const double jitter = static_cast<double>(h % 1024) / 1024.0;
    const auto i = static_cast<std::int64_t>(std::floor((b + jitter) * stride));
    steps.push_back(std::min(i, total - 1));
  }
  return steps;
}

inline std::uint64_t channel_range_mask(int chunk_index, int chunk, int lo, int hi) {
  const int base = chunk_index * chunk;
  const int from = std::max(lo, base) - base, to = std::min(hi, base + chunk) - base;
  if (to <= from) return 0;
  const std::uint64_t upto = to >= 64 ? ~0ull : ((1ull << to) - 1);
  return upto & ~((1ull << from) - 1);
}

// The sparse PE: index matcher in front of the multipliers.
class SparseSequencer {
 public:
  explicit SparseSequencer(const SnapParameters& p) : matcher_(p) {}
  void chunk(std::uint64_t w, std::uint64_t a, std::uint64_t range) { matcher_.match_chunk(w & range, a & range); }
  PeActivity finish() { return matcher_.finish(); }

 private:
  IndexMatcher matcher_;
};

// The dense PE: walks every channel, P per cycle, zero or not.
class DenseSequencer {
 public:
  explicit DenseSequencer(const SnapParameters& p) : p_(p.pairs_per_cycle), macs_(p.macs_per_pe) {}
  void chunk(std::uint64_t w, std::uint64_t a, std::uint64_t range) {
    const int len = std::popcount(range);
    const int cycles = (len + p_ - 1) / p_;
    const int effectual = std::popcount(w & a & range);
    a_.cycles += cycles;
    a_.effectual += effectual;
    a_.ineffectual += len - effectual;
    a_.idle_drain += static_cast<std::int64_t>(cycles) * macs_ - len;
    a_.weight_loads += len;
    a_.activation_loads += len;
  }
  PeActivity finish() {
    PeActivity done = a_;
    a_ = PeActivity{};
    return done;
  }

 private:
  int p_, macs_;
  PeActivity a_;
};

// Feeds member j's share of a work item to its sequencer; false when nothing is mapped to it.
template <class Sequencer>
bool run_member(const SparseConvLayer& layer, ReductionMode mode, const WorkItem& it, int j, int members,
                Sequencer& seq) {
  const auto& sh = layer.shape();
  const int chunk = layer.chunk();
  bool mapped = false;
  auto feed = [&](int y, int x, int r, int s, int lo, int hi) {
    for (int c = lo / chunk; c <= (hi - 1) / chunk; ++c)
      seq.chunk(layer.weight_chunk(it.k, r, s, c), layer.activation_chunk(y, x, c),
                channel_range_mask(c, chunk, lo, hi));
  };
  if (mode == ReductionMode::diagonal) {
    for (int r = j; r < sh.R; r += members) {
      const int y = it.yo * sh.stride - sh.pad + r;
      if (y < 0 || y >= sh.H) continue;
      for (int s = 0; s < sh.S; ++s) {
        const int x = it.xo * sh.stride - sh.pad + s;
        if (x < 0 || x >= sh.W) continue;
        mapped = true;
        feed(y, x, r, s, it.lo, it.hi);
      }
    }
  } else {
    const int len = it.hi - it.lo;
    const int lo = it.lo + len * j / members, hi = it.lo + len * (j + 1) / members;
    const int y = it.yo * sh.stride - sh.pad, x = it.xo * sh.stride - sh.pad;
    if (hi > lo && y >= 0 && y < sh.H && x >= 0 && x < sh.W) {
      mapped = true;
      feed(y, x, 0, 0, lo, hi);
    }
  }
  return mapped;
}

template <class Sequencer>
ArrayResult simulate(const SparseConvLayer& layer, const SnapParameters& p) {
  p.validate();
  if (layer.chunk() != p.channel_chunk)
    throw std::invalid_argument("the layer was compressed with another channel_chunk than the parameters say");
  const Geometry geo(layer.shape(), p);
  const int cores = p.cores, groups = p.groups_per_core, members = p.pes_per_group, macs = p.macs_per_pe;
  const std::int64_t group_slots = static_cast<std::int64_t>(members) * macs;
  const std::int64_t core_slots = group_slots * groups;

  ArrayResult res;
  res.mode = geo.mode();
  res.macs = p.total_macs();
  res.total_steps = geo.max_steps();
  const auto steps = sampled_steps(geo.max_steps(), p.max_steps_per_layer);
  res.simulated_steps = static_cast<std::int64_t>(steps.size());
  res.scale = steps.empty() ? 1.0 : static_cast<double>(res.total_steps) / res.simulated_steps;

  std::vector<std::int64_t> core_total(cores, 0), group_total(static_cast<std::size_t>(cores) * groups, 0);
  std::vector<std::int64_t> group_time(groups), core_step(cores);
  std::vector<char> group_empty(groups);
  std::vector<PeActivity> member(members);
  std::vector<char> member_mapped(members);
  Sequencer seq(p);

  for (const std::int64_t step : steps) {
    for (int q = 0; q < cores; ++q) {
      std::int64_t slowest_group = 0;
      for (int g = 0; g < groups; ++g) {
        WorkItem it{};
        group_empty[g] = !geo.item(q, step, g, it);
        group_time[g] = 0;
        if (group_empty[g]) continue;
        ++res.work_items;
        if (it.tile > 0) ++res.output_rmw_reads;
        std::int64_t slowest = 0;
        for (int j = 0; j < members; ++j) {
          member_mapped[j] = run_member(layer, geo.mode(), it, j, members, seq);
          member[j] = seq.finish();
          if (member_mapped[j]) ++res.pe_psums;
          slowest = std::max(slowest, member[j].cycles);
        }
        for (int j = 0; j < members; ++j) {
          const PeActivity& a = member[j];
          res.effectual += a.effectual;
          res.ineffectual += a.ineffectual;
          res.idle_no_match += a.idle_no_match;
          res.idle_drain += a.idle_drain;
          res.idle_compare += a.idle_compare;
          res.idle_buffer += a.idle_buffer;
          res.window_steps += a.window_steps;
          res.weight_loads += a.weight_loads;
          res.activation_loads += a.activation_loads;
          (member_mapped[j] ? res.idle_group_barrier : res.idle_boundary) += (slowest - a.cycles) * macs;
        }
        group_time[g] = slowest;
        slowest_group = std::max(slowest_group, slowest);
      }
      if (p.barrier_scope == BarrierScope::group) {
        for (int g = 0; g < groups; ++g) group_total[static_cast<std::size_t>(q) * groups + g] += group_time[g];
      } else {
        for (int g = 0; g < groups; ++g)
          (group_empty[g] ? res.idle_boundary : res.idle_lockstep_barrier) +=
              (slowest_group - group_time[g]) * group_slots;
      }
      core_step[q] = slowest_group;
    }
    if (p.barrier_scope == BarrierScope::chip) {
      const std::int64_t slowest_core = *std::max_element(core_step.begin(), core_step.end());
      for (int q = 0; q < cores; ++q) {
        res.idle_lockstep_barrier += (slowest_core - core_step[q]) * core_slots;
        core_total[q] += slowest_core;
      }
    } else if (p.barrier_scope == BarrierScope::core) {
      for (int q = 0; q < cores; ++q) core_total[q] += core_step[q];
    }
  }
  if (p.barrier_scope == BarrierScope::group) {
    for (int q = 0; q < cores; ++q) {
      const auto* gt = &group_total[static_cast<std::size_t>(q) * groups];
      core_total[q] = *std::max_element(gt, gt + groups);
      for (int g = 0; g < groups; ++g) res.idle_layer_barrier += (core_total[q] - gt[g]) * group_slots;
    }
  }
  res.cycles = *std::max_element(core_total.begin(), core_total.end());
  for (int q = 0; q < cores; ++q) res.idle_layer_barrier += (res.cycles - core_total[q]) * core_slots;
  return res;
}

void add_buffer_stalls(const SparseConvLayer& layer, const SnapParameters& p, ArrayResult& res) {
  res.buffer = model_buffers(layer, p, static_cast<double>(res.cycles) * res.scale);
  if (res.buffer.stall_cycles <= 0) return;
  const auto stall = static_cast<std::int64_t>(std::llround(res.buffer.stall_cycles / res.scale));
  res.cycles += stall;
  res.idle_dram_stall += stall * res.macs;
}

}  // namespace

ArrayResult simulate_array(const SparseConvLayer& layer, const SnapParameters& p, ArrayKind kind) {
  if (kind == ArrayKind::dense) return simulate<DenseSequencer>(layer, p);
  ArrayResult res = simulate<SparseSequencer>(layer, p);
  add_buffer_stalls(layer, p, res);
  return res;
}

void for_each_simulated_work_item(const ConvLayerShape& shape, const SnapParameters& p,
                                  const std::function<void(int, int, int, int, int)>& fn) {
  const Geometry geo(shape, p);
  for (const std::int64_t step : sampled_steps(geo.max_steps(), p.max_steps_per_layer))
    for (int q = 0; q < p.cores; ++q)
      for (int g = 0; g < p.groups_per_core; ++g) {
        WorkItem it{};
        if (geo.item(q, step, g, it)) fn(it.k, it.yo, it.xo, it.lo, it.hi);
      }
}

std::int64_t count_effectual_macs(const SparseConvLayer& layer, int k, int yo, int xo, int lo, int hi) {
  const auto& sh = layer.shape();
  std::int64_t n = 0;
  for (int r = 0; r < sh.R; ++r) {
    const int y = yo * sh.stride - sh.pad + r;
    if (y < 0 || y >= sh.H) continue;
    for (int s = 0; s < sh.S; ++s) {
      const int x = xo * sh.stride - sh.pad + s;
      if (x < 0 || x >= sh.W) continue;
      for (int c = lo / layer.chunk(); c <= (hi - 1) / layer.chunk(); ++c)
        n += std::popcount(layer.weight_chunk(k, r, s, c) & layer.activation_chunk(y, x, c) &
                           channel_range_mask(c, layer.chunk(), lo, hi));
    }
  }
  return n;
}

}  // namespace snap
