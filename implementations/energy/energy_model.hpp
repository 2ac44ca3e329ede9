// The energy model (evidence kind: modeled). Constants come from data/energy/*.csv, embedded
// at configure time; every constant carries its source, process node and confidence.
//
//   E = Σ_op count(op)·pJ(op) + sram_bytes·8·pJ/bit(sram) + dram_bytes·8·pJ/bit(dram level)
//
// It prices counted work: it knows nothing of clocks, idle, leakage, refresh or background
// power, so it says what arithmetic and data movement cost at the table's node, not what a
// chip draws from the wall.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace claimbench::energy {

// A malformed constants file: names the file, line and column.
class EnergyDataError : public std::runtime_error {
 public:
  EnergyDataError(const std::string& file, int line, const std::string& column, const std::string& message);
};

struct Constant {
  std::string id;        // mul.fp32, dram.hbm3
  double value = 0.0;    // pJ (operations) or pJ/bit (memory)
  double low = 0.0, high = 0.0;
  std::string process_node, source, confidence, note;
  std::map<std::string, std::string> columns;  // every column as written
  std::string file;
  int line = 0;
};

// One CSV table of constants: '#' comment lines, a header, quoted fields allowed.
// `value_column` names the number the model uses; `low_column`/`high_column` may be empty.
std::vector<Constant> parse_constants(const std::string& text, const std::string& file, const std::string& value_column,
                                      const std::string& low_column = "", const std::string& high_column = "");

struct WorkProfile {
  std::vector<std::pair<std::string, double>> ops;  // op id (add.fp32, mul.int8, mac.int8, ...) → count
  double sram_bytes = 0.0;                          // on-chip buffer traffic
  double dram_bytes = 0.0;                          // off-chip traffic
};

struct EnergyEstimate {
  double compute_j = 0.0, sram_j = 0.0, dram_j = 0.0;
  double total_j() const { return compute_j + sram_j + dram_j; }
};

class EnergyModel {
 public:
  EnergyModel(std::vector<Constant> operations, std::vector<Constant> memory);
  // The tables built into this binary (data/energy/operations.csv and memory.csv).
  static const EnergyModel& builtin();

  // pJ per operation. "mac.<p>" = mul.<p> + the add of its accumulator (int8/int4 → int32,
  // fp16/bf16 → fp32, fp32 → fp32). Throws std::invalid_argument for an unknown id.
  double op_pj(const std::string& id) const;
  double memory_pj_per_bit(const std::string& level) const;  // "sram.8kb", "dram.hbm3", ...
  std::vector<std::string> dram_levels() const;              // every dram.* id, in file order
  EnergyEstimate estimate(const WorkProfile& work, const std::string& dram_level,
                          const std::string& sram_level = "sram.8kb") const;
  const std::vector<Constant>& operations() const { return operations_; }
  const std::vector<Constant>& memory() const { return memory_; }

 private:
  const Constant& find(const std::vector<Constant>& table, const std::string& id) const;
  std::vector<Constant> operations_, memory_;
};

// Tera-operations per second per watt = operations per picojoule: ops / (J · 1e12).
inline double tops_per_watt(double ops, double joules) { return joules > 0 ? ops / joules / 1e12 : 0.0; }

// The embedded CSV texts (generated at configure time).
const char* builtin_operations_csv();
const char* builtin_memory_csv();

}  // namespace claimbench::energy
