// Workloads: GEMM shapes taken from real models, with the sparsity pattern, precision,
// value distribution and seed that make a measurement reproducible. Read from data/workloads/*.csv.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace claimbench {

struct Workload {
  std::string id;
  std::string table;   // the file stem: bert-large-linear
  std::string model;   // bert-large
  std::string layer;   // attention.qkv, ffn.up, ...
  int m = 0;           // output features (rows of the weight matrix)
  int n = 0;           // tokens = batch × sequence
  int k = 0;           // input features (the reduction dimension, along which N:M applies)
  int batch = 0;
  int sequence = 0;
  std::string pattern;       // dense, 2:4, 1:2, ...
  std::string precision;     // fp32
  std::string distribution;  // normal, uniform
  unsigned long long seed = 0;
  bool quick = false;        // part of the --quick smoke subset
  std::string source;        // where the shape comes from (the table's "# source:" line)
  std::string file;
  int line = 0;

  double dense_flops() const { return 2.0 * m * static_cast<double>(n) * k; }
};

class WorkloadCatalog {
 public:
  // Reads every *.csv under `folder`. Throws InputError naming file, line and column.
  static WorkloadCatalog load(const std::filesystem::path& folder);
  void add(Workload workload);  // throws std::invalid_argument on a duplicate id

  const Workload* find(const std::string& id) const;
  std::vector<const Workload*> table(const std::string& name) const;
  bool has_table(const std::string& name) const;
  std::vector<const Workload*> all() const;

 private:
  std::map<std::string, Workload> by_id_;
  std::map<std::string, std::vector<std::string>> tables_;
};

Workload parse_workload_row(const std::string& table, const std::string& file, int line,
                            const std::vector<std::string>& header, const std::string& row,
                            const std::string& source);

}  // namespace claimbench
