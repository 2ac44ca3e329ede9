#include "snap/snap_parameters.hpp"

#include <cmath>
#include <stdexcept>

namespace snap {

const char* to_string(BarrierScope scope) {
  switch (scope) {
    case BarrierScope::group: return "group";
    case BarrierScope::core: return "core";
    case BarrierScope::chip: return "chip";
  }
  return "?";
}

BarrierScope parse_barrier_scope(const std::string& text) {
  if (text == "group") return BarrierScope::group;
  if (text == "core") return BarrierScope::core;
  if (text == "chip") return BarrierScope::chip;
  throw std::invalid_argument("barrier scope must be group, core or chip, got '" + text + "'");
}

void SnapParameters::validate() const {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("SNAP parameter " + what);
  };
  need(cores >= 1 && groups_per_core >= 1 && pes_per_group >= 1 && macs_per_pe >= 1,
       "cores, groups_per_core, pes_per_group and macs_per_pe must be at least 1");
  need(window_w >= 1 && window_w <= 64 && window_ia >= 1 && window_ia <= 64, "window_w and window_ia must be 1..64");
  need(pairs_per_cycle >= 1 && pairs_per_cycle <= macs_per_pe, "pairs_per_cycle must be 1..macs_per_pe");
  need(match_queue_depth >= std::max(window_w, window_ia),
       "match_queue_depth must hold one window's matches (>= max(window_w, window_ia))");
  need(channel_chunk >= 1 && channel_chunk <= 64, "channel_chunk must be 1..64");
  need(channel_tile >= 0, "channel_tile must be >= 0");
  need(buffer_entries_per_cycle >= 0, "buffer_entries_per_cycle must be >= 0");
  need(weight_buffer_bytes >= 0 && activation_buffer_bytes >= 0,
       "weight_buffer_bytes and activation_buffer_bytes must be >= 0 (0 = unlimited)");
  need(value_bits >= 1 && value_bits <= 64, "value_bits must be 1..64");
  need(dram_bytes_per_cycle >= 0, "dram_bytes_per_cycle must be >= 0 (0 = unlimited)");
  need(clock_mhz > 0, "clock_mhz must be positive");
  need(max_steps_per_layer >= 0, "max_steps_per_layer must be >= 0");
}

std::vector<std::pair<std::string, double>> SnapParameters::values() const {
  return {{"cores", cores},
          {"groups_per_core", groups_per_core},
          {"pes_per_group", pes_per_group},
          {"macs_per_pe", macs_per_pe},
          {"window_w", window_w},
          {"window_ia", window_ia},
          {"pairs_per_cycle", pairs_per_cycle},
          {"lookahead", lookahead ? 1.0 : 0.0},
          {"match_queue_depth", match_queue_depth},
          {"psum_overlap", psum_overlap ? 1.0 : 0.0},
          {"channel_chunk", channel_chunk},
          {"channel_tile", channel_tile},
          {"barrier_scope", static_cast<double>(barrier_scope)},
          {"priority", static_cast<double>(priority)},
          {"buffer_entries_per_cycle", buffer_entries_per_cycle},
          {"weight_buffer_bytes", static_cast<double>(weight_buffer_bytes)},
          {"activation_buffer_bytes", static_cast<double>(activation_buffer_bytes)},
          {"value_bits", value_bits},
          {"dram_bytes_per_cycle", dram_bytes_per_cycle},
          {"clock_mhz", clock_mhz},
          {"max_steps_per_layer", static_cast<double>(max_steps_per_layer)}};
}

void SnapParameters::set(const std::string& name, double value) {
  auto as_int = [&](int& field) {
    if (value != std::floor(value)) throw std::invalid_argument("SNAP parameter " + name + " must be an integer");
    field = static_cast<int>(value);
  };
  if (name == "cores") as_int(cores);
  else if (name == "groups_per_core") as_int(groups_per_core);
  else if (name == "pes_per_group") as_int(pes_per_group);
  else if (name == "macs_per_pe") as_int(macs_per_pe);
  else if (name == "window_w") as_int(window_w);
  else if (name == "window_ia") as_int(window_ia);
  else if (name == "pairs_per_cycle") as_int(pairs_per_cycle);
  else if (name == "lookahead") lookahead = value != 0.0;
  else if (name == "match_queue_depth") as_int(match_queue_depth);
  else if (name == "psum_overlap") psum_overlap = value != 0.0;
  else if (name == "channel_chunk") as_int(channel_chunk);
  else if (name == "channel_tile") as_int(channel_tile);
  else if (name == "barrier_scope") {
    int v = 0;
    as_int(v);
    if (v < 0 || v > 2) throw std::invalid_argument("SNAP parameter barrier_scope must be 0 (group), 1 (core) or 2 (chip)");
    barrier_scope = static_cast<BarrierScope>(v);
  } else if (name == "priority") {
    int v = 0;
    as_int(v);
    if (v < 0 || v > 1) throw std::invalid_argument("SNAP parameter priority must be 0 or 1");
    priority = static_cast<PriorityOrder>(v);
  } else if (name == "buffer_entries_per_cycle") as_int(buffer_entries_per_cycle);
  else if (name == "weight_buffer_bytes" || name == "activation_buffer_bytes") {
    if (value != std::floor(value)) throw std::invalid_argument("SNAP parameter " + name + " must be an integer");
    (name[0] == 'w' ? weight_buffer_bytes : activation_buffer_bytes) = static_cast<std::int64_t>(value);
  } else if (name == "value_bits") as_int(value_bits);
  else if (name == "dram_bytes_per_cycle") dram_bytes_per_cycle = value;
  else if (name == "clock_mhz") clock_mhz = value;
  else if (name == "max_steps_per_layer") max_steps_per_layer = static_cast<std::int64_t>(value);
  else throw std::invalid_argument("unknown SNAP parameter '" + name + "'");
}

}  // namespace snap
