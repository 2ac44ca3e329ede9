// Spec-sheet roofline (evidence kind: modeled): attainable = min(peak, intensity × bandwidth)
// from data/roofline/accelerators.csv, embedded at configure time like the energy tables.
#pragma once

#include <string>
#include <vector>

#include "energy/energy_model.hpp"

namespace claimbench::energy {

struct DevicePeak {
  std::string id, device, vendor, precision, memory, process_node, source, confidence;
  double peak_tops_dense = 0, peak_tops_sparse = 0;  // 0: not stated / not supported
  double bandwidth_gbs = 0, board_power_w = 0;
};

class Roofline {
 public:
  explicit Roofline(const std::vector<Constant>& rows);
  static const Roofline& builtin();
  const DevicePeak& get(const std::string& id) const;  // throws std::invalid_argument naming the id
  const std::vector<DevicePeak>& devices() const { return devices_; }
  // Tera-ops per second at `ops_per_byte` (ops per byte of DRAM traffic); sparse uses the 2:4
  // peak. Throws when the peak or the bandwidth it needs is not stated.
  double attainable_tops(const std::string& id, double ops_per_byte, bool sparse = false) const;
  // Peak TOPS per board watt (spec sheet); throws when power is not stated.
  double peak_tops_per_watt(const std::string& id, bool sparse = false) const;

 private:
  std::vector<DevicePeak> devices_;
};

const char* builtin_roofline_csv();

}  // namespace claimbench::energy
