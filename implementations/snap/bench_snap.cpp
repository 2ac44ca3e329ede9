// Simulator speed and a whole-network run, outside the harness:
//   claimbench_bench_snap <conv-layer table.csv> [max_steps_per_layer] [scnn_max_groups] [param=value ...]
// A negative scnn_max_groups skips the SCNN model (to time the SNAP model alone).
// Prints one line per layer (SNAP utilization, idle breakdown, dense-array and SCNN figures)
// and the totals: simulated MAC slots per second of the SNAP model on one core, network time.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "snap/array_model.hpp"
#include "snap/scnn_model.hpp"

namespace {

std::vector<std::map<std::string, std::string>> read_table(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(2);
  }
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s table.csv [max_steps_per_layer] [scnn_max_groups] [param=value ...]\n", argv[0]);
    return 2;
  }
  snap::SnapParameters p;
  p.max_steps_per_layer = argc > 2 ? std::atoll(argv[2]) : 0;
  snap::ScnnParameters sp;
  sp.max_groups_per_layer = argc > 3 ? std::atoll(argv[3]) : 0;  // negative: skip the SCNN model
  const std::string pattern_filter = std::getenv("PATTERN") ? std::getenv("PATTERN") : "uniform";
  for (int i = 4; i < argc; ++i) {
    std::string a = argv[i];
    const auto eq = a.find('=');
    p.set(a.substr(0, eq), std::atof(a.c_str() + eq + 1));
  }
  double total_snap_cycles = 0, total_dense_cycles = 0, total_scnn_cycles = 0, total_eff = 0, total_slots_est = 0;
  double sim_slots = 0, sim_seconds = 0, gen_seconds = 0, scnn_seconds = 0, util_sum = 0;
  double wb_snap = 0, wb_scnn = 0, wb_product = 0;
  double dram_bytes = 0, refill_bytes = 0, stall_cycles = 0;
  bool buffers = false;
  int layers = 0;
  const auto t_all = std::chrono::steady_clock::now();
  std::printf("%-22s %-8s %6s %6s | %6s %6s %6s %6s %6s %6s | %6s %6s | %s\n", "layer", "mode", "util", "scale",
              "nomat", "drain", "grpbar", "lockst", "laybar", "bound", "dense", "scnn", "steps");
  for (const auto& row : read_table(argv[1])) {
    if (row.at("pattern") != pattern_filter) continue;
    snap::ConvLayerShape sh;
    sh.C = std::stoi(row.at("C"));
    sh.K = std::stoi(row.at("K"));
    sh.H = std::stoi(row.at("H"));
    sh.W = std::stoi(row.at("W"));
    sh.R = std::stoi(row.at("R"));
    sh.S = std::stoi(row.at("S"));
    sh.stride = std::stoi(row.at("stride"));
    sh.pad = std::stoi(row.at("pad"));
    snap::SparsityRecipe rec;
    rec.weight_density = std::stod(row.at("weight_density"));
    rec.activation_density = std::stod(row.at("activation_density"));
    rec.pattern = snap::parse_nonzero_pattern(row.at("pattern"));
    rec.seed = std::stoull(row.at("seed"));
    auto t0 = std::chrono::steady_clock::now();
    const auto layer = snap::SparseConvLayer::generate(sh, rec, p.channel_chunk);
    gen_seconds += seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const auto s = snap::simulate_array(layer, p, snap::ArrayKind::snap);
    sim_seconds += seconds_since(t0);
    sim_slots += static_cast<double>(s.slots() - s.idle_dram_stall);  // stall slots are added, not simulated
    const auto d = snap::simulate_array(layer, p, snap::ArrayKind::dense);
    t0 = std::chrono::steady_clock::now();
    const auto c = sp.max_groups_per_layer < 0 ? snap::ScnnResult{} : snap::simulate_scnn(layer, sp);
    scnn_seconds += seconds_since(t0);
    const double slots = static_cast<double>(s.slots());
    std::printf("%-22s %-8s %6.3f %6.1f | %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f | %lld\n",
                row.at("layer").c_str(), snap::to_string(s.mode), s.utilization(), s.scale, s.idle_no_match / slots,
                (s.idle_drain + s.idle_compare) / slots, s.idle_group_barrier / slots, s.idle_lockstep_barrier / slots,
                s.idle_layer_barrier / slots, s.idle_boundary / slots,
                static_cast<double>(d.effectual + d.ineffectual) / d.slots(), c.utilization(),
                static_cast<long long>(s.total_steps));
    if (s.buffer.modeled) {
      buffers = true;
      dram_bytes += s.buffer.dram_bytes();
      refill_bytes += s.buffer.refill_bytes();
      stall_cycles += s.buffer.stall_cycles;
      std::printf("%-22s buffers: weights %.0f B/core (largest filter %.0f B), input %.0f B; DRAM %.0f B of which refills %.0f B; stall %.0f cycles\n",
                  "", s.buffer.weight_footprint_bits / 8.0, s.buffer.largest_filter_bits / 8.0,
                  s.buffer.activation_footprint_bits / 8.0, s.buffer.dram_bytes(), s.buffer.refill_bytes(),
                  s.buffer.stall_cycles);
    }
    total_snap_cycles += s.estimated_cycles();
    total_dense_cycles += d.estimated_cycles();
    total_scnn_cycles += c.estimated_cycles();
    total_eff += s.effectual * s.scale;
    total_slots_est += s.estimated_cycles() * s.macs;
    wb_snap += s.work_items * s.scale;
    wb_scnn += c.accumulator_updates * c.scale;
    wb_product += s.effectual * s.scale;
    util_sum += s.utilization();
    ++layers;
  }
  std::printf("\nlayers %d  mean layer utilization %.3f  network utilization %.3f\n", layers, util_sum / layers,
              total_eff / total_slots_est);
  std::printf("SNAP cycles %.4g -> %.2f frames/s at %.0f MHz; dense array %.2f fps; SCNN(1024 mult, 1 GHz) %.2f fps\n",
              total_snap_cycles, p.clock_mhz * 1e6 / total_snap_cycles, p.clock_mhz,
              p.clock_mhz * 1e6 / total_dense_cycles, 1e9 / total_scnn_cycles);
  std::printf("effectual MACs %.4g; psum writebacks SNAP %.4g, SCNN accumulator updates %.4g (%.1fx), per product %.4g (%.1fx)\n",
              total_eff, wb_snap, wb_scnn, wb_scnn / wb_snap, wb_product, wb_product / wb_snap);
  if (buffers)
    std::printf("finite buffers (W %lld B, IA %lld B per core, %.3g B/cycle): DRAM %.4g B, refills %.4g B, stall %.4g cycles (%.1f%% of SNAP cycles)\n",
                static_cast<long long>(p.weight_buffer_bytes), static_cast<long long>(p.activation_buffer_bytes),
                p.dram_bytes_per_cycle, dram_bytes, refill_bytes, stall_cycles, 100.0 * stall_cycles / total_snap_cycles);
  std::printf("SNAP model: %.3g MAC slots simulated in %.2f s = %.1f M slots/s; generation %.2f s; SCNN %.2f s; all %.2f s\n",
              sim_slots, sim_seconds, sim_slots / sim_seconds / 1e6, gen_seconds, scnn_seconds, seconds_since(t_all));
  return 0;
}
