// Adapters: the SNAP, dense-array, SCNN and ideal-sparse cycle models as task implementations
// (evidence: simulated) of two workload kinds:
//   conv-layer:   one layer per row (data/workloads/*-pruned-conv.csv, the sensitivity tables);
//   conv-network: one network per row, naming the conv-layer table that holds its layers
//                 (frames per second, whole-network utilization and writebacks).
// check() verifies the invariants exactly on what was simulated: effectual MACs equal an
// independent recount of intersecting nonzeros, every MAC slot is accounted for, utilization
// ≤ 1, SCNN's product and scatter counts match their closed forms.
#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "claimbench/input_error.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/task_implementation.hpp"
#include "snap/array_model.hpp"
#include "snap/scnn_model.hpp"

namespace claimbench {
namespace {

enum class Machine { snap, snap_no_lookahead, snap_psum_overlap, dense_array, ideal_sparse, scnn };
enum class Scope { layer, network };

// Sampling budgets of the adapters (recorded as counters sample.*): enough for every ResNet-50
// layer's lockstep steps to be simulated in full except the largest ones.
constexpr std::int64_t kLayerSteps = 4000;
constexpr std::int64_t kNetworkSteps = 1500;
constexpr std::int64_t kScnnGroups = 8;
constexpr std::int64_t kScnnNetworkGroups = 2;
constexpr double kScnnClockMhz = 1000.0;  // SCNN's evaluation clock (1 GHz), secondary summary

struct LayerSpec {
  std::string name;
  snap::ConvLayerShape shape;
  snap::SparsityRecipe recipe;
  snap::SnapParameters params;
};

LayerSpec read_layer(const Workload& w, Machine machine, std::int64_t steps_budget) {
  LayerSpec spec;
  spec.name = w.layer;
  auto& sh = spec.shape;
  sh.C = static_cast<int>(w.field_int("C", 1));
  sh.K = static_cast<int>(w.field_int("K", 1));
  sh.H = static_cast<int>(w.field_int("H", 1));
  sh.W = static_cast<int>(w.field_int("W", 1));
  sh.R = static_cast<int>(w.field_int("R", 1));
  sh.S = static_cast<int>(w.field_int("S", 1));
  sh.stride = static_cast<int>(w.field_int("stride", 1));
  sh.pad = static_cast<int>(w.field_int("pad", 0));
  try {
    sh.validate();
  } catch (const std::invalid_argument& e) {
    throw InputError(w.file, w.line, "C,K,H,W,R,S,stride,pad", e.what());
  }
  auto density = [&](const char* column) {
    const double d = w.field_double(column);
    if (!(d > 0.0 && d <= 1.0)) throw InputError(w.file, w.line, column, "must be in (0, 1]");
    return d;
  };
  spec.recipe.weight_density = density("weight_density");
  spec.recipe.activation_density = density("activation_density");
  try {
    spec.recipe.pattern = snap::parse_nonzero_pattern(w.field("pattern"));
  } catch (const std::invalid_argument& e) {
    throw InputError(w.file, w.line, "pattern", e.what());
  }
  if (w.has_field("cluster_run")) {
    spec.recipe.cluster_run = w.field_double("cluster_run");
    if (!(spec.recipe.cluster_run >= 1.0)) throw InputError(w.file, w.line, "cluster_run", "must be at least 1");
  }
  spec.recipe.seed = w.seed;
  auto& p = spec.params;
  p.max_steps_per_layer = steps_budget;
  if (machine == Machine::snap_no_lookahead) p.lookahead = false;
  if (machine == Machine::snap_psum_overlap) p.psum_overlap = true;
  // Sensitivity tables override single parameters per row.
  if (w.has_field("window")) {
    p.window_w = p.window_ia = static_cast<int>(w.field_int("window", 1));
    p.match_queue_depth = std::max(p.match_queue_depth, 2 * p.window_w);
  }
  if (w.has_field("pairs_per_cycle")) p.pairs_per_cycle = static_cast<int>(w.field_int("pairs_per_cycle", 1));
  if (w.has_field("lookahead")) p.lookahead = w.field_int("lookahead", 0) != 0;
  // Finite buffers (off unless a row sets a capacity; see buffer_model.hpp).
  if (w.has_field("weight_buffer_bytes")) p.weight_buffer_bytes = w.field_int("weight_buffer_bytes", 0);
  if (w.has_field("activation_buffer_bytes")) p.activation_buffer_bytes = w.field_int("activation_buffer_bytes", 0);
  if (w.has_field("dram_bytes_per_cycle")) {
    p.dram_bytes_per_cycle = w.field_double("dram_bytes_per_cycle");
    if (!(p.dram_bytes_per_cycle >= 0)) throw InputError(w.file, w.line, "dram_bytes_per_cycle", "must be >= 0 (0 = unlimited)");
  }
  if (w.has_field("barrier_scope")) {
    try {
      p.barrier_scope = snap::parse_barrier_scope(w.field("barrier_scope"));
    } catch (const std::invalid_argument& e) {
      throw InputError(w.file, w.line, "barrier_scope", e.what());
    }
  }
  try {
    p.validate();
  } catch (const std::invalid_argument& e) {
    throw InputError(w.file, w.line, "window,pairs_per_cycle,weight_buffer_bytes,activation_buffer_bytes", e.what());
  }
  return spec;
}

// One layer's simulation and its independent check.
struct LayerRun {
  LayerSpec spec;
  std::unique_ptr<snap::SparseConvLayer> layer;
  snap::ArrayResult array;
  snap::ScnnResult scnn;
  std::int64_t ideal_effectual = 0;  // ideal machine: exact effectual MACs of the whole layer
};

std::int64_t whole_layer_effectual(const snap::SparseConvLayer& layer) {
  const auto& sh = layer.shape();
  std::int64_t n = 0;
  for (int k = 0; k < sh.K; ++k)
    for (int yo = 0; yo < sh.out_h(); ++yo)
      for (int xo = 0; xo < sh.out_w(); ++xo) n += snap::count_effectual_macs(layer, k, yo, xo);
  return n;
}

void simulate(LayerRun& run, Machine machine, const snap::ScnnParameters& scnn) {
  switch (machine) {
    case Machine::snap:
    case Machine::snap_no_lookahead:
    case Machine::snap_psum_overlap: run.array = snap::simulate_array(*run.layer, run.spec.params, snap::ArrayKind::snap); break;
    case Machine::dense_array: run.array = snap::simulate_array(*run.layer, run.spec.params, snap::ArrayKind::dense); break;
    case Machine::scnn: run.scnn = snap::simulate_scnn(*run.layer, scnn); break;
    case Machine::ideal_sparse: run.ideal_effectual = whole_layer_effectual(*run.layer); break;
  }
}

// Returns "" when every invariant holds, else the first violation.
std::string check_layer(const LayerRun& run, Machine machine, const snap::ScnnParameters& scnn, std::int64_t& checked) {
  const auto& layer = *run.layer;
  const auto& sh = layer.shape();
  std::ostringstream why;
  if (machine == Machine::ideal_sparse) {
    // Recount with the scalar channel-by-channel reference on a sample of outputs, and the
    // popcount reference on all (the ideal machine used the popcount reference).
    std::int64_t scalar = 0, popcount = 0;
    for (int k = 0; k < sh.K; k += std::max(1, sh.K / 8))
      for (int yo = 0; yo < sh.out_h(); yo += std::max(1, sh.out_h() / 4))
        for (int xo = 0; xo < sh.out_w(); xo += std::max(1, sh.out_w() / 4)) {
          scalar += snap::count_effectual_macs_scalar(layer, k, yo, xo);
          popcount += snap::count_effectual_macs(layer, k, yo, xo);
          checked += 1;
        }
    if (scalar != popcount) why << run.spec.name << ": popcount reference " << popcount << " != scalar " << scalar;
    return why.str();
  }
  if (machine == Machine::scnn) {
    const auto& r = run.scnn;
    std::int64_t useful = 0, products = 0;
    for (const int k0 : snap::scnn_simulated_groups(sh, scnn)) {
      const int k1 = std::min(sh.K, k0 + scnn.output_channel_group);
      for (int k = k0; k < k1; ++k)
        for (int yo = 0; yo < sh.out_h(); ++yo)
          for (int xo = 0; xo < sh.out_w(); ++xo) useful += snap::count_effectual_macs(layer, k, yo, xo);
      // Cartesian product: every nonzero weight of the group meets every nonzero activation of its channel.
      for (int c = 0; c < sh.C; ++c) {
        std::int64_t w = 0, a = 0;
        for (int k = k0; k < k1; ++k)
          for (int rr = 0; rr < sh.R; ++rr)
            for (int ss = 0; ss < sh.S; ++ss) w += layer.weight_nonzero(k, c, rr, ss);
        for (int y = 0; y < sh.H; ++y)
          for (int x = 0; x < sh.W; ++x) a += layer.activation_nonzero(c, y, x);
        products += w * a;
      }
    }
    checked += 4;
    if (r.useful_products != useful) why << run.spec.name << ": SCNN useful products " << r.useful_products << " != recount " << useful;
    else if (r.products != products) why << run.spec.name << ": SCNN products " << r.products << " != Cartesian count " << products;
    else if (r.useful_products + r.discarded_products != r.products) why << run.spec.name << ": SCNN products not partitioned";
    else if (r.accumulator_updates != r.useful_products) why << run.spec.name << ": SCNN scatter count != useful products";
    else if (r.utilization() > 1.0) why << run.spec.name << ": SCNN utilization " << r.utilization() << " > 1";
    return why.str();
  }
  const auto& r = run.array;
  std::int64_t effectual = 0, dense = 0, items = 0;
  snap::for_each_simulated_work_item(sh, run.spec.params, [&](int k, int yo, int xo, int lo, int hi) {
    effectual += snap::count_effectual_macs(layer, k, yo, xo, lo, hi);
    for (int rr = 0; rr < sh.R; ++rr)
      for (int ss = 0; ss < sh.S; ++ss) {
        const int y = yo * sh.stride - sh.pad + rr, x = xo * sh.stride - sh.pad + ss;
        if (y >= 0 && y < sh.H && x >= 0 && x < sh.W) dense += hi - lo;
      }
    ++items;
  });
  checked += 5;
  if (r.effectual != effectual) why << run.spec.name << ": effectual MACs " << r.effectual << " != recount " << effectual;
  else if (r.slots() != r.effectual + r.ineffectual + r.idle())
    why << run.spec.name << ": slots " << r.slots() << " != effectual + ineffectual + idle " << r.effectual + r.ineffectual + r.idle();
  else if (r.utilization() > 1.0) why << run.spec.name << ": utilization " << r.utilization() << " > 1";
  else if (r.work_items != items) why << run.spec.name << ": psum writebacks " << r.work_items << " != work items " << items;
  else if (machine == Machine::dense_array && r.effectual + r.ineffectual != dense)
    why << run.spec.name << ": dense array issued " << r.effectual + r.ineffectual << " MACs, the layer has " << dense;
  return why.str();
}

const char* machine_name(Machine m) {
  switch (m) {
    case Machine::snap: return "snap.sim";
    case Machine::snap_no_lookahead: return "snap.sim.lookahead-off";
    case Machine::snap_psum_overlap: return "snap.sim.psum-overlap";
    case Machine::dense_array: return "dense-array.sim";
    case Machine::ideal_sparse: return "ideal-sparse.sim";
    case Machine::scnn: return "scnn.sim";
  }
  return "?";
}

class CycleModelTask : public TaskImplementation {
 public:
  CycleModelTask(Machine machine, Scope scope) : machine_(machine), scope_(scope) {
    scnn_.max_groups_per_layer = scope == Scope::layer ? kScnnGroups : kScnnNetworkGroups;
  }

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = std::string(machine_name(machine_)) + (scope_ == Scope::network ? ".network" : "");
    i.technique = machine_ == Machine::scnn ? "scnn" : machine_ == Machine::dense_array ? "dense-array" : "snap";
    if (machine_ == Machine::ideal_sparse) i.technique = "ideal-sparse";
    i.device = "simulator";
    i.precision = "int16";
    i.evidence = EvidenceKind::simulated;
    i.task = scope_ == Scope::layer ? "conv-layer" : "conv-network";
    switch (machine_) {
      case Machine::snap:
        i.description = "SNAP cycle model: associative index matching (16x16 window, 3 pairs/cycle, look-ahead), 4 cores x 7x3 PEs x 3 MACs, two-level psum reduction; defaults in data/snap/parameters.csv";
        break;
      case Machine::snap_no_lookahead:
        i.description = "SNAP cycle model with the look-ahead off: each window step compares, then drains its matches";
        break;
      case Machine::snap_psum_overlap:
        i.description = "SNAP cycle model whose matcher runs ahead across psums: each psum's first compare overlaps the previous psum's drain (sensitivity; not in the public sources)";
        break;
      case Machine::dense_array:
        i.description = "dense array of the same 252 MACs and mapping as SNAP, no zero skipping";
        break;
      case Machine::ideal_sparse:
        i.description = "ideal sparse machine: 252 MACs at 100% utilization on effectual MACs, no psum reduction (every product written back)";
        break;
      case Machine::scnn:
        i.description = "SCNN-style model: 8x8 PEs x 4x4 Cartesian-product multipliers, scatter to 32 accumulator banks, halos, bank conflicts, group barriers";
        break;
    }
    return i;
  }

  Support supports(const Workload& w, const ExecutionConfig&) const override {
    const char* kind = scope_ == Scope::layer ? "conv-layer" : "conv-network";
    if (w.kind != kind) return Support::no(std::string("needs a ") + kind + " workload, got " + w.kind);
    return Support::yes();
  }

  void prepare(const Workload& w, const ExecutionConfig&) override {
    runs_.clear();
    pattern_ = "";
    if (scope_ == Scope::layer) {
      runs_.push_back(make_run(read_layer(w, machine_, kLayerSteps)));
      pattern_ = snap::to_string(runs_.back().spec.recipe.pattern);
      return;
    }
    // conv-network: the layers are the rows of another table in the same folder.
    const std::string table = w.field("layers");
    pattern_ = w.field("pattern");
    const auto folder = std::filesystem::path(w.file).parent_path();
    const auto catalog = WorkloadCatalog::load(folder);
    if (!catalog.has_table(table)) throw InputError(w.file, w.line, "layers", "no workload table '" + table + "' in " + folder.string());
    for (const Workload* layer : catalog.table(table)) {
      if (layer->kind != "conv-layer") throw InputError(w.file, w.line, "layers", "table '" + table + "' is not a conv-layer table");
      if (layer->field("pattern") != pattern_) continue;
      runs_.push_back(make_run(read_layer(*layer, machine_, kNetworkSteps)));
    }
    if (runs_.empty()) throw InputError(w.file, w.line, "pattern", "no layer of '" + table + "' has pattern " + pattern_);
  }

  void run() override {
    for (auto& r : runs_) simulate(r, machine_, scnn_);
  }

  TaskCheckResult check() const override {
    TaskCheckResult result;
    result.mode = "invariants";
    for (const auto& r : runs_) {
      const std::string why = check_layer(r, machine_, scnn_, result.checked);
      if (!why.empty()) {
        result.detail = why;
        result.max_error_ratio = 2.0;
        return result;
      }
    }
    result.passed = true;
    return result;
  }

  Counters counters() const override {
    Counters c;
    c.kernel = std::string(machine_name(machine_)) + ".cycle-model";
    c.isa = "scalar";
    auto& x = c.extra;
    const auto& p = runs_.empty() ? snap::SnapParameters{} : runs_.front().spec.params;
    const double macs = machine_ == Machine::scnn ? scnn_.multipliers() : p.total_macs();
    const double clock = machine_ == Machine::scnn ? kScnnClockMhz : p.clock_mhz;
    double cycles = 0, effectual = 0, dense = 0, writebacks = 0, util_sum = 0, simulated_fraction_min = 1.0;
    double idle_sum[9] = {};
    double dram_bytes = 0, refill_bytes = 0, w_refills = 0, a_refills = 0, stall_cycles = 0, w_foot = 0, a_foot = 0;
    bool buffers_modeled = false;
    double ineffectual = 0, w_loads = 0, a_loads = 0, pe_psums = 0, rmw = 0, halo = 0, products = 0, conflicts = 0;
    for (const auto& r : runs_) {
      dense += r.spec.shape.dense_macs();
      double layer_cycles = 0, layer_effectual = 0, scale = 1.0;
      if (machine_ == Machine::scnn) {
        scale = r.scnn.scale;
        layer_cycles = r.scnn.estimated_cycles();
        layer_effectual = r.scnn.useful_products * scale;
        writebacks += r.scnn.accumulator_updates * scale;
        halo += r.scnn.halo_updates * scale;
        products += r.scnn.products * scale;
        conflicts += r.scnn.conflict_cycles * scale;
        idle_sum[6] += r.scnn.idle_barrier_slots * scale;
        util_sum += r.scnn.utilization();
      } else if (machine_ == Machine::ideal_sparse) {
        layer_effectual = static_cast<double>(r.ideal_effectual);
        layer_cycles = std::ceil(layer_effectual / macs);
        writebacks += layer_effectual;  // no psum reduction: every product is written back
        util_sum += layer_cycles > 0 ? layer_effectual / (layer_cycles * macs) : 0.0;
      } else {
        const auto& a = r.array;
        scale = a.scale;
        layer_cycles = a.estimated_cycles();
        layer_effectual = a.effectual * scale;
        writebacks += a.work_items * scale;
        pe_psums += a.pe_psums * scale;
        rmw += a.output_rmw_reads * scale;
        w_loads += a.weight_loads * scale;
        a_loads += a.activation_loads * scale;
        const std::int64_t idle[9] = {a.idle_no_match, a.idle_drain, a.idle_compare, a.idle_buffer,
                                      a.idle_group_barrier, a.idle_lockstep_barrier, a.idle_layer_barrier, a.idle_boundary,
                                      a.idle_dram_stall};
        for (int i = 0; i < 9; ++i) idle_sum[i] += idle[i] * scale;
        if (a.buffer.modeled) {
          buffers_modeled = true;
          dram_bytes += a.buffer.dram_bytes();
          refill_bytes += a.buffer.refill_bytes();
          w_refills += static_cast<double>(a.buffer.weight_refills);
          a_refills += static_cast<double>(a.buffer.activation_refills);
          stall_cycles += a.buffer.stall_cycles;
          w_foot = std::max(w_foot, a.buffer.weight_footprint_bits / 8.0);
          a_foot = std::max(a_foot, a.buffer.activation_footprint_bits / 8.0);
        }
        util_sum += a.utilization();
        ineffectual += a.ineffectual * scale;
        simulated_fraction_min = std::min(simulated_fraction_min, 1.0 / scale);
        x["sample.simulated_steps"] += static_cast<double>(a.simulated_steps);
        x["sample.total_steps"] += static_cast<double>(a.total_steps);
      }
      cycles += layer_cycles;
      effectual += layer_effectual;
    }
    const double slots = cycles * macs;
    x["cycles"] = cycles;
    x["mac_slots"] = slots;
    x["effectual_macs"] = effectual;
    x["dense_macs"] = dense;
    x["utilization"] = slots > 0 ? effectual / slots : 0.0;
    x["psum_writebacks"] = writebacks;
    x["writebacks_per_effectual_mac"] = effectual > 0 ? writebacks / effectual : 0.0;
    x["latency_ms"] = cycles / (clock * 1e3);
    x["clock_mhz"] = clock;
    x["mac_units"] = macs;
    if (scope_ == Scope::network) {
      x["frames_per_second"] = cycles > 0 ? clock * 1e6 / cycles : 0.0;
      x["layers"] = static_cast<double>(runs_.size());
      x["mean_layer_utilization"] = runs_.empty() ? 0.0 : util_sum / runs_.size();
    }
    x["pattern.clustered"] = pattern_ == "clustered" ? 1.0 : 0.0;
    c.useful_flops = 2.0 * effectual;
    c.dense_equivalent_flops = 2.0 * dense;
    if (machine_ == Machine::scnn) {
      x["products"] = products;
      x["scnn.halo_updates"] = halo;
      x["scnn.conflict_cycles"] = conflicts;
      x["idle.group_barrier"] = idle_sum[6] / (slots > 0 ? slots : 1);
      for (const auto& [name, value] : scnn_.values()) x["param." + name] = value;
      x["sample.scnn_max_groups"] = static_cast<double>(scnn_.max_groups_per_layer);
      return c;
    }
    if (machine_ == Machine::ideal_sparse) return c;
    static const char* kIdle[9] = {"no_match", "drain", "compare", "buffer", "group_barrier", "lockstep_barrier",
                                   "layer_barrier", "boundary", "dram_stall"};
    for (int i = 0; i < 9; ++i) x[std::string("idle.") + kIdle[i]] = slots > 0 ? idle_sum[i] / slots : 0.0;
    if (buffers_modeled) {
      // Finite buffers (param.weight_buffer_bytes / param.activation_buffer_bytes > 0).
      x["buffer.dram_read_bytes"] = dram_bytes;
      x["buffer.refill_bytes"] = refill_bytes;
      x["buffer.weight_refills"] = w_refills;
      x["buffer.activation_refills"] = a_refills;
      x["buffer.dram_stall_cycles"] = stall_cycles;
      x["buffer.max_weight_footprint_bytes"] = w_foot;
      x["buffer.max_activation_footprint_bytes"] = a_foot;
    }
    // Dense array: the share of slots that carried a multiplication, zero operands included.
    if (machine_ == Machine::dense_array) x["dense_utilization"] = slots > 0 ? (effectual + ineffectual) / slots : 0.0;
    x["psum.pe_level_psums"] = pe_psums;
    x["psum.output_rmw_reads"] = rmw;
    x["buffer.weight_reads"] = w_loads;
    x["buffer.activation_reads"] = a_loads;
    x["buffer.output_writes"] = writebacks;
    x["sample.min_simulated_fraction"] = simulated_fraction_min;
    for (const auto& [name, value] : p.values()) x["param." + name] = value;
    return c;
  }

 private:
  LayerRun make_run(LayerSpec spec) const {
    LayerRun run;
    run.layer = std::make_unique<snap::SparseConvLayer>(
        snap::SparseConvLayer::generate(spec.shape, spec.recipe, spec.params.channel_chunk));
    run.spec = std::move(spec);
    return run;
  }

  Machine machine_;
  Scope scope_;
  snap::ScnnParameters scnn_;
  std::vector<LayerRun> runs_;
  std::string pattern_;
};

}  // namespace

CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::snap, Scope::layer);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::snap_no_lookahead, Scope::layer);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::snap_psum_overlap, Scope::layer);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::dense_array, Scope::layer);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::ideal_sparse, Scope::layer);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::scnn, Scope::layer);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::snap, Scope::network);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::dense_array, Scope::network);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::ideal_sparse, Scope::network);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(CycleModelTask, Machine::scnn, Scope::network);

}  // namespace claimbench
