// Provenance of a run (design: "Run"): machine, OS, compiler, libraries with the active
// OpenBLAS core, git state, environment, command line. Stored as key/value rows.
#pragma once

#include <map>
#include <string>

namespace claimbench {

// Library versions are supplied by whoever links the libraries (the implementations), so the
// harness does not depend on them.
using ProvenanceProvider = std::map<std::string, std::string> (*)();
void add_provenance_provider(ProvenanceProvider provider);

std::map<std::string, std::string> capture_provenance(const std::string& command_line);

std::string utc_now_iso8601();

}  // namespace claimbench
