// Workloads: GEMM shapes taken from real models, with the sparsity pattern, precision,
// value distribution and seed that make a measurement reproducible. Read from data/workloads/*.csv.
//
// A table whose header is preceded by `# kind: <name>` holds workloads of another kind (a
// convolution layer for a simulator, an encoder configuration): only id, model, layer, seed and
// quick are required, and every other column lands in `fields` for the task to read.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace claimbench {

struct Workload {
  std::string kind = "gemm";
  std::string id;
  std::string table;   // the file stem: bert-large-linear
  std::string model;   // bert-large
  std::string layer;   // attention.qkv, ffn.up, ...
  int m = 0;           // output features (rows of the weight matrix)
  int n = 0;           // tokens = batch × sequence
  int k = 0;           // input features (the reduction dimension, along which N:M applies)
  int batch = 0;
  int sequence = 0;
  std::string pattern;       // dense, 2:4, 1:2, 2:4+perm, unstructured:0.9 (fraction zeroed)
  std::string precision;     // fp32
  std::string distribution;  // normal, uniform, relu (max(0, N(0,1)))
  unsigned long long seed = 0;
  bool quick = false;        // part of the --quick smoke subset
  std::string source;        // where the shape comes from (the table's "# source:" line)
  std::string file;
  int line = 0;

  std::map<std::string, std::string> fields;  // every column of a non-GEMM table beyond the common ones

  double dense_flops() const { return 2.0 * m * static_cast<double>(n) * k; }
  // A task's columns. Each throws InputError(file, line, column, ...) when the column is missing
  // or malformed, or (for the numbers) below `minimum`.
  const std::string& field(const std::string& column) const;
  long long field_int(const std::string& column, long long minimum) const;
  double field_double(const std::string& column) const;
  bool has_field(const std::string& column) const { return fields.count(column) != 0; }
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
                            const std::string& source, const std::string& kind = "gemm");

// The fraction zeroed of an "unstructured:<fraction>" pattern; nullopt for anything else.
std::optional<double> parse_unstructured_sparsity(const std::string& pattern);

}  // namespace claimbench
