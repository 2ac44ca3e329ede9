#include "energy/roofline.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace claimbench::energy {

Roofline::Roofline(const std::vector<Constant>& rows) {
  for (const auto& r : rows) {
    DevicePeak d;
    auto col = [&](const char* name) { return r.columns.at(name); };
    auto num = [&](const char* name) {
      const std::string& s = r.columns.at(name);
      char* end = nullptr;
      const double v = std::strtod(s.c_str(), &end);
      if (s.empty() || *end != '\0' || v < 0)
        throw EnergyDataError(r.file, r.line, name, "expected a non-negative number, got '" + s + "'");
      return v;
    };
    d.id = r.id, d.device = col("device"), d.vendor = col("vendor"), d.precision = col("precision");
    d.memory = col("memory"), d.process_node = r.process_node, d.source = r.source, d.confidence = r.confidence;
    d.peak_tops_dense = num("peak_tops_dense");
    d.peak_tops_sparse = num("peak_tops_sparse");
    d.bandwidth_gbs = num("memory_bandwidth_gbs");
    d.board_power_w = num("board_power_w");
    devices_.push_back(std::move(d));
  }
}

const Roofline& Roofline::builtin() {
  static const Roofline r(parse_constants(builtin_roofline_csv(), "data/roofline/accelerators.csv", "peak_tops_dense"));
  return r;
}

const DevicePeak& Roofline::get(const std::string& id) const {
  for (const auto& d : devices_)
    if (d.id == id) return d;
  throw std::invalid_argument("roofline: no device '" + id + "' in data/roofline/accelerators.csv");
}

double Roofline::attainable_tops(const std::string& id, double ops_per_byte, bool sparse) const {
  const DevicePeak& d = get(id);
  const double peak = sparse ? d.peak_tops_sparse : d.peak_tops_dense;
  if (peak <= 0) throw std::invalid_argument("roofline: " + id + " states no " + (sparse ? "sparse" : "dense") + " peak");
  if (d.bandwidth_gbs <= 0) throw std::invalid_argument("roofline: " + id + " states no memory bandwidth");
  return std::min(peak, ops_per_byte * d.bandwidth_gbs / 1000.0);
}

double Roofline::peak_tops_per_watt(const std::string& id, bool sparse) const {
  const DevicePeak& d = get(id);
  if (d.board_power_w <= 0) throw std::invalid_argument("roofline: " + id + " states no board power");
  return (sparse ? d.peak_tops_sparse : d.peak_tops_dense) / d.board_power_w;
}

}  // namespace claimbench::energy
