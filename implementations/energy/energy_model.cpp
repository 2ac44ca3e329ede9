#include "energy/energy_model.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace claimbench::energy {

EnergyDataError::EnergyDataError(const std::string& file, int line, const std::string& column,
                                 const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": column '" + column + "': " + message) {}

namespace {

std::vector<std::string> split_csv(const std::string& line, const std::string& file, int number) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cell), cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (quoted) throw EnergyDataError(file, number, "(row)", "unterminated quote");
  out.push_back(cell);
  return out;
}

double number(const std::map<std::string, std::string>& row, const std::string& column, const std::string& file,
              int line) {
  const auto it = row.find(column);
  if (it == row.end() || it->second.empty()) throw EnergyDataError(file, line, column, "missing number");
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str() || *end != '\0' || errno != 0 || !std::isfinite(v) || v < 0)
    throw EnergyDataError(file, line, column, "expected a non-negative number, got '" + it->second + "'");
  return v;
}

}  // namespace

std::vector<Constant> parse_constants(const std::string& text, const std::string& file, const std::string& value_column,
                                      const std::string& low_column, const std::string& high_column) {
  std::istringstream in(text);
  std::vector<std::string> header;
  std::vector<Constant> out;
  std::string line;
  for (int number_ = 1; std::getline(in, line); ++number_) {
    if (line.empty() || line[0] == '#') continue;
    const auto cells = split_csv(line, file, number_);
    if (header.empty()) {
      header = cells;
      for (const char* required : {"id", "process_node", "source", "confidence"})
        if (std::find(header.begin(), header.end(), required) == header.end())
          throw EnergyDataError(file, number_, required, "required column missing from the header");
      if (std::find(header.begin(), header.end(), value_column) == header.end())
        throw EnergyDataError(file, number_, value_column, "required column missing from the header");
      continue;
    }
    if (cells.size() != header.size())
      throw EnergyDataError(file, number_, "(row)",
                            "expected " + std::to_string(header.size()) + " fields, got " + std::to_string(cells.size()));
    Constant c;
    for (std::size_t i = 0; i < header.size(); ++i) c.columns[header[i]] = cells[i];
    c.file = file;
    c.line = number_;
    c.id = c.columns["id"];
    if (c.id.empty()) throw EnergyDataError(file, number_, "id", "empty");
    for (const auto& other : out)
      if (other.id == c.id) throw EnergyDataError(file, number_, "id", "duplicate id '" + c.id + "'");
    c.source = c.columns["source"];
    c.process_node = c.columns["process_node"];
    c.confidence = c.columns["confidence"];
    c.note = c.columns.count("note") ? c.columns["note"] : "";
    if (c.source.empty()) throw EnergyDataError(file, number_, "source", "every constant needs a source");
    if (c.process_node.empty()) throw EnergyDataError(file, number_, "process_node", "every constant needs a process node");
    if (c.confidence.empty()) throw EnergyDataError(file, number_, "confidence", "every constant needs a confidence");
    c.value = number(c.columns, value_column, file, number_);
    c.low = low_column.empty() ? c.value : number(c.columns, low_column, file, number_);
    c.high = high_column.empty() ? c.value : number(c.columns, high_column, file, number_);
    if (c.low > c.value || c.value > c.high)
      throw EnergyDataError(file, number_, low_column, "expected low <= value <= high");
    out.push_back(std::move(c));
  }
  if (header.empty()) throw EnergyDataError(file, 0, "(header)", "no header line");
  return out;
}

EnergyModel::EnergyModel(std::vector<Constant> operations, std::vector<Constant> memory)
    : operations_(std::move(operations)), memory_(std::move(memory)) {}

const EnergyModel& EnergyModel::builtin() {
  static const EnergyModel model(
      parse_constants(builtin_operations_csv(), "data/energy/operations.csv", "energy_pj"),
      parse_constants(builtin_memory_csv(), "data/energy/memory.csv", "energy_pj_per_bit", "low_pj_per_bit",
                      "high_pj_per_bit"));
  return model;
}

const Constant& EnergyModel::find(const std::vector<Constant>& table, const std::string& id) const {
  for (const auto& c : table)
    if (c.id == id) return c;
  throw std::invalid_argument("energy model: no constant '" + id + "' in data/energy");
}

double EnergyModel::op_pj(const std::string& id) const {
  if (id.rfind("mac.", 0) == 0) {
    const std::string p = id.substr(4);
    std::string accumulator;
    if (p == "int8" || p == "int4" || p == "int16") accumulator = "int32";
    else if (p == "fp16" || p == "bf16" || p == "fp32") accumulator = "fp32";
    else throw std::invalid_argument("energy model: no accumulator rule for '" + id + "'");
    return find(operations_, "mul." + p).value + find(operations_, "add." + accumulator).value;
  }
  return find(operations_, id).value;
}

double EnergyModel::memory_pj_per_bit(const std::string& level) const { return find(memory_, level).value; }

std::vector<std::string> EnergyModel::dram_levels() const {
  std::vector<std::string> out;
  for (const auto& c : memory_)
    if (c.id.rfind("dram.", 0) == 0) out.push_back(c.id);
  return out;
}

EnergyEstimate EnergyModel::estimate(const WorkProfile& work, const std::string& dram_level,
                                     const std::string& sram_level) const {
  EnergyEstimate e;
  for (const auto& [id, count] : work.ops) e.compute_j += count * op_pj(id) * 1e-12;
  e.sram_j = work.sram_bytes * 8.0 * memory_pj_per_bit(sram_level) * 1e-12;
  e.dram_j = work.dram_bytes * 8.0 * memory_pj_per_bit(dram_level) * 1e-12;
  return e;
}

}  // namespace claimbench::energy
