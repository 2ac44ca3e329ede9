// What an adapter calls to add the modeled energy of its counted work to its Counters
// (evidence kind modeled; stored beside the measured time, never mixed with it):
//   modeled_energy_j                   total with DDR4 as the DRAM (the server-class default)
//   modeled_energy_j.<dram level>      the same work with each DRAM type of data/energy
//   modeled_compute_energy_j, modeled_sram_energy_j, modeled_dram_energy_j (DDR4)
//   modeled_tops_per_w                 dense-equivalent ops / modeled joules (DDR4)
#pragma once

#include "claimbench/implementation.hpp"
#include "energy/energy_model.hpp"
#include "energy/rapl.hpp"

namespace claimbench::energy {

inline void add_modeled_energy(Counters& c, const WorkProfile& work, double ops) {
  const EnergyModel& model = EnergyModel::builtin();
  const EnergyEstimate ddr4 = model.estimate(work, "dram.ddr4");
  c.extra["modeled_energy_j"] = ddr4.total_j();
  c.extra["modeled_compute_energy_j"] = ddr4.compute_j;
  c.extra["modeled_sram_energy_j"] = ddr4.sram_j;
  c.extra["modeled_dram_energy_j"] = ddr4.dram_j;
  c.extra["modeled_tops_per_w"] = tops_per_watt(ops, ddr4.total_j());
  for (const auto& level : model.dram_levels())
    c.extra["modeled_energy_j." + level.substr(5)] = model.estimate(work, level).total_j();
}

// Measured package energy per run (RAPL), informative: wraps run() when the powercap interface
// is readable, else does nothing (the run's provenance says why: energy.rapl).
class PackageEnergyMeter {
 public:
  template <typename Run>
  void measure(Run&& run) {
    const auto& rapl = RaplPackageEnergy::system();
    if (!rapl.available()) {
      run();
      return;
    }
    const auto before = rapl.read_zones();
    run();
    joules_ += rapl.elapsed_joules(before, rapl.read_zones());
    ++runs_;
  }
  void add_to(Counters& c) const {
    if (runs_ > 0) c.extra["measured_package_energy_j.informative"] = joules_ / runs_;
  }

 private:
  double joules_ = 0;
  long runs_ = 0;
};

}  // namespace claimbench::energy
