// Measured package energy from Intel RAPL through the Linux powercap interface
// (/sys/class/powercap/intel-rapl:<n>/energy_uj, one zone per package). Informative only: a
// package counter includes everything else the package does (other processes, idle cores,
// the uncore), updates about every millisecond and wraps at max_energy_range_uj. Where the
// interface is missing (containers and VMs usually hide it) reason() says why, and the runs
// record that instead of a number.
#pragma once

#include <string>
#include <vector>

namespace claimbench::energy {

class RaplPackageEnergy {
 public:
  // Scans `root` (default /sys/class/powercap) for package zones.
  explicit RaplPackageEnergy(const std::string& root = "/sys/class/powercap");
  bool available() const { return !zones_.empty(); }
  const std::string& reason() const { return reason_; }  // why not available, or which zones are read
  // Sum over packages of the counters, in joules (raw, not unwrapped).
  double read_joules() const;
  // Joules between two readings of read_joules(), unwrapping each zone once at most.
  double elapsed_joules(const std::vector<double>& before, const std::vector<double>& after) const;
  std::vector<double> read_zones() const;  // per zone, joules

  static const RaplPackageEnergy& system();

 private:
  struct Zone {
    std::string energy_file;
    double range_j = 0;
  };
  std::vector<Zone> zones_;
  std::string reason_;
};

}  // namespace claimbench::energy
