// Records with every run whether measured package energy (RAPL) was available and, if not, why.
#include <map>
#include <string>

#include "claimbench/provenance.hpp"
#include "energy/rapl.hpp"

namespace claimbench::energy {
namespace {

std::map<std::string, std::string> rapl_provenance() {
  const auto& rapl = RaplPackageEnergy::system();
  return {{"energy.rapl", (rapl.available() ? "available: " : "unavailable: ") + rapl.reason()}};
}

const bool registered = (add_provenance_provider(&rapl_provenance), true);

}  // namespace
}  // namespace claimbench::energy
