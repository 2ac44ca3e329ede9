#include "energy/rapl.hpp"

#include <filesystem>
#include <fstream>

namespace claimbench::energy {

namespace {
bool read_number(const std::filesystem::path& file, double& value) {
  std::ifstream in(file);
  return static_cast<bool>(in >> value);
}
std::string read_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string s;
  std::getline(in, s);
  return s;
}
}  // namespace

RaplPackageEnergy::RaplPackageEnergy(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    reason_ = root + " does not exist: this kernel or container exposes no powercap interface (RAPL not readable)";
    return;
  }
  std::string unreadable;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    const std::string name = entry.path().filename().string();
    // Package zones are intel-rapl:<n>; subzones (intel-rapl:<n>:<m>: core, uncore, dram) are
    // parts of them and would double count.
    if (name.rfind("intel-rapl:", 0) != 0 || name.find(':', 11) != std::string::npos) continue;
    if (read_line(entry.path() / "name").rfind("package", 0) != 0) continue;
    double uj = 0, range = 0;
    if (!read_number(entry.path() / "energy_uj", uj) || !read_number(entry.path() / "max_energy_range_uj", range)) {
      unreadable += " " + name;
      continue;
    }
    zones_.push_back({(entry.path() / "energy_uj").string(), range * 1e-6});
  }
  if (zones_.empty())
    reason_ = unreadable.empty() ? "no intel-rapl package zone under " + root
                                 : "package zones present but energy_uj not readable (permissions):" + unreadable;
  else
    reason_ = std::to_string(zones_.size()) + " package zone(s) under " + root;
}

std::vector<double> RaplPackageEnergy::read_zones() const {
  std::vector<double> out;
  for (const auto& z : zones_) {
    double uj = 0;
    read_number(z.energy_file, uj);
    out.push_back(uj * 1e-6);
  }
  return out;
}

double RaplPackageEnergy::read_joules() const {
  double sum = 0;
  for (double j : read_zones()) sum += j;
  return sum;
}

double RaplPackageEnergy::elapsed_joules(const std::vector<double>& before, const std::vector<double>& after) const {
  double sum = 0;
  for (std::size_t i = 0; i < zones_.size() && i < before.size() && i < after.size(); ++i) {
    double d = after[i] - before[i];
    if (d < 0) d += zones_[i].range_j;
    sum += d;
  }
  return sum;
}

const RaplPackageEnergy& RaplPackageEnergy::system() {
  static const RaplPackageEnergy rapl;
  return rapl;
}

}  // namespace claimbench::energy
