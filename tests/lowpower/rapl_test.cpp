// RAPL through powercap, on fake sysfs trees: package zones found (subzones skipped), joules
// read, one wraparound unwrapped; a missing interface gives a reason, not a number.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "energy/rapl.hpp"

using claimbench::energy::RaplPackageEnergy;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text << "\n";
}
}  // namespace

TEST_CASE("RAPL: package zones are read and a wrapped counter is unwrapped once") {
  const fs::path root = fs::temp_directory_path() / ("claimbench-rapl-" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "intel-rapl:0" / "name", "package-0");
  write(root / "intel-rapl:0" / "energy_uj", "5000000");
  write(root / "intel-rapl:0" / "max_energy_range_uj", "10000000");
  write(root / "intel-rapl:0:0" / "name", "core");  // a subzone: must not be counted
  write(root / "intel-rapl:0:0" / "energy_uj", "999");
  write(root / "intel-rapl:0:0" / "max_energy_range_uj", "10000000");
  write(root / "intel-rapl:1" / "name", "psys");  // not a package
  write(root / "intel-rapl:1" / "energy_uj", "1");
  write(root / "intel-rapl:1" / "max_energy_range_uj", "1");
  const RaplPackageEnergy rapl(root.string());
  REQUIRE(rapl.available());
  CHECK(rapl.read_joules() == Approx(5.0));
  const auto before = rapl.read_zones();
  write(root / "intel-rapl:0" / "energy_uj", "1000000");  // wrapped past 10 J
  CHECK(rapl.elapsed_joules(before, rapl.read_zones()) == Approx(6.0));
  fs::remove_all(root);
}

TEST_CASE("RAPL: without powercap the reason is recorded") {
  const RaplPackageEnergy missing("/nonexistent/powercap");
  CHECK_FALSE(missing.available());
  CHECK_THAT(missing.reason(), Catch::Contains("does not exist"));
  const fs::path empty = fs::temp_directory_path() / ("claimbench-rapl-empty-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  const RaplPackageEnergy none(empty.string());
  CHECK_FALSE(none.available());
  CHECK_THAT(none.reason(), Catch::Contains("no intel-rapl package zone"));
  fs::remove_all(empty);
  // This machine: either readable zones or a reason; never both silent.
  const auto& system = RaplPackageEnergy::system();
  CHECK_FALSE(system.reason().empty());
}
