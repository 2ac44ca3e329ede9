#include "claimbench/workload.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "claimbench/input_error.hpp"
#include "claimbench/pruning.hpp"

namespace claimbench {

namespace {

const std::vector<std::string> kRequiredColumns{"id", "model", "layer", "m", "n", "k", "batch", "sequence",
                                                "pattern", "precision", "distribution", "seed", "quick"};
// What every table of another kind has; its other columns are the task's.
const std::vector<std::string> kTaskColumns{"id", "model", "layer", "seed", "quick"};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(trim(cell));
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

// "unstructured:0.9": the fraction of weights magnitude pruning sets to zero, in [0, 1).
std::optional<double> parse_unstructured_sparsity(const std::string& pattern) {
  const std::string prefix = "unstructured:";
  if (pattern.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string number = pattern.substr(prefix.size());
  double value = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || ptr != number.data() + number.size() || !(value >= 0.0 && value < 1.0)) return std::nullopt;
  return value;
}

namespace {

template <typename T>
T parse_number(const std::string& text, const std::string& file, int line, const std::string& field, T minimum) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw InputError(file, line, field, "expected an integer, got '" + text + "'");
  if (value < minimum)
    throw InputError(file, line, field, "must be at least " + std::to_string(minimum) + ", got " + text);
  return value;
}

}  // namespace

Workload parse_workload_row(const std::string& table, const std::string& file, int line,
                            const std::vector<std::string>& header, const std::string& row,
                            const std::string& source, const std::string& kind) {
  const auto cells = split_csv(row);
  if (cells.size() != header.size())
    throw InputError(file, line, "row", "has " + std::to_string(cells.size()) + " cells, the header has " +
                                            std::to_string(header.size()));
  std::map<std::string, std::string> v;
  for (std::size_t i = 0; i < header.size(); ++i) v[header[i]] = cells[i];
  Workload w;
  w.table = table;
  w.file = file;
  w.line = line;
  w.source = source;
  w.id = v["id"];
  if (w.id.empty()) throw InputError(file, line, "id", "is empty");
  const auto quick_flag = [&] {
    const auto& quick = v["quick"];
    if (quick != "0" && quick != "1") throw InputError(file, line, "quick", "expected 0 or 1, got '" + quick + "'");
    return quick == "1";
  };
  if (kind != "gemm") {
    w.kind = kind;
    w.model = v["model"];
    w.layer = v["layer"];
    w.seed = parse_number<unsigned long long>(v["seed"], file, line, "seed", 0);
    w.quick = quick_flag();
    for (const auto& [column, value] : v)
      if (std::find(kTaskColumns.begin(), kTaskColumns.end(), column) == kTaskColumns.end()) w.fields[column] = value;
    return w;
  }
  w.model = v["model"];
  w.layer = v["layer"];
  w.m = parse_number<int>(v["m"], file, line, "m", 1);
  w.n = parse_number<int>(v["n"], file, line, "n", 1);
  w.k = parse_number<int>(v["k"], file, line, "k", 1);
  w.batch = parse_number<int>(v["batch"], file, line, "batch", 0);
  w.sequence = parse_number<int>(v["sequence"], file, line, "sequence", 0);
  w.pattern = v["pattern"];
  bool permute = false;
  if (!NMPattern::parse_workload_pattern(w.pattern, permute) && !parse_unstructured_sparsity(w.pattern))
    throw InputError(file, line, "pattern",
                     "expected 'dense', N:M such as 2:4, N:M+perm, or unstructured:<fraction zeroed in [0,1)>, got '" +
                         w.pattern + "'");
  w.precision = v["precision"];
  if (w.precision != "fp32")
    throw InputError(file, line, "precision", "supported: fp32; got '" + w.precision + "'");
  w.distribution = v["distribution"];
  if (w.distribution != "normal" && w.distribution != "uniform" && w.distribution != "relu")
    throw InputError(file, line, "distribution", "expected normal, uniform or relu, got '" + w.distribution + "'");
  w.seed = parse_number<unsigned long long>(v["seed"], file, line, "seed", 0);
  w.quick = quick_flag();
  return w;
}

const std::string& Workload::field(const std::string& column) const {
  auto it = fields.find(column);
  if (it == fields.end()) throw InputError(file, line, column, "column missing from the " + kind + " table " + table);
  return it->second;
}

long long Workload::field_int(const std::string& column, long long minimum) const {
  return parse_number<long long>(field(column), file, line, column, minimum);
}

double Workload::field_double(const std::string& column) const {
  const std::string& text = field(column);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
    throw InputError(file, line, column, "expected a number, got '" + text + "'");
  return value;
}

WorkloadCatalog WorkloadCatalog::load(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  WorkloadCatalog catalog;
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError(folder.string(), 0, "", "workload folder does not exist");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    const std::string file = path.string();
    const std::string table = path.stem().string();
    std::string line, source, kind = "gemm";
    std::vector<std::string> header;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      const std::string t = trim(line);
      if (t.empty()) continue;
      if (t[0] == '#') {
        const std::string body = trim(t.substr(1));
        if (body.rfind("source:", 0) == 0) source += (source.empty() ? "" : " ") + trim(body.substr(7));
        if (body.rfind("kind:", 0) == 0) {
          if (!header.empty()) throw InputError(file, number, "kind", "the '# kind:' line must come before the header");
          kind = trim(body.substr(5));
          if (kind.empty()) throw InputError(file, number, "kind", "is empty");
        }
        continue;
      }
      if (header.empty()) {
        header = split_csv(t);
        for (const auto& column : kind == "gemm" ? kRequiredColumns : kTaskColumns)
          if (std::find(header.begin(), header.end(), column) == header.end())
            throw InputError(file, number, column, "column missing from the header");
        continue;
      }
      if (source.empty()) throw InputError(file, number, "source", "the table needs a '# source:' line before its rows");
      Workload w = parse_workload_row(table, file, number, header, t, source, kind);
      if (catalog.find(w.id)) throw InputError(file, number, "id", "duplicate workload id '" + w.id + "'");
      catalog.add(std::move(w));
    }
  }
  return catalog;
}

void WorkloadCatalog::add(Workload workload) {
  if (by_id_.count(workload.id)) throw std::invalid_argument("duplicate workload id '" + workload.id + "'");
  tables_[workload.table].push_back(workload.id);
  by_id_.emplace(workload.id, std::move(workload));
}

const Workload* WorkloadCatalog::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

bool WorkloadCatalog::has_table(const std::string& name) const { return tables_.count(name) != 0; }

std::vector<const Workload*> WorkloadCatalog::table(const std::string& name) const {
  std::vector<const Workload*> out;
  auto it = tables_.find(name);
  if (it == tables_.end()) return out;
  for (const auto& id : it->second) out.push_back(&by_id_.at(id));
  return out;
}

std::vector<const Workload*> WorkloadCatalog::all() const {
  std::vector<const Workload*> out;
  for (const auto& [table, ids] : tables_)
    for (const auto& id : ids) out.push_back(&by_id_.at(id));
  return out;
}

}  // namespace claimbench
