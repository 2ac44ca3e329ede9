// Reads claims/*.xml with pugixml. Every field is validated; the first problem found is
// thrown as InputError("file", line, "field", "what is wrong").
#pragma once

#include <filesystem>
#include <vector>

#include "claimbench/claim.hpp"

namespace claimbench {

class Registry;
class WorkloadCatalog;

struct ClaimLoadContext {
  const Registry* registry = nullptr;         // when set, implementation names must be registered
  const WorkloadCatalog* workloads = nullptr;  // when set, workload tables and ids must exist
};

Claim load_claim_file(const std::filesystem::path& file, const ClaimLoadContext& context);
// All *.xml files of a folder, sorted by file name; claim ids must be unique.
std::vector<Claim> load_claim_folder(const std::filesystem::path& folder,
                                     const ClaimLoadContext& context);

}  // namespace claimbench
