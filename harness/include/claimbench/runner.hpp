// The runner: for each check × workload × threads × implementation, prepare, check
// correctness, time, and store one measurement per transaction; then compute verdicts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "claimbench/claim.hpp"
#include "claimbench/records.hpp"
#include "claimbench/timing.hpp"

namespace claimbench {

class Registry;
class Store;
class WorkloadCatalog;

struct RunFilters {
  // Each list is OR-ed; a pattern may use * and ?. Empty means everything.
  std::vector<std::string> claims;
  std::vector<std::string> implementations;
  std::vector<std::string> workloads;
  bool matches_claim(const std::string& id) const;
  bool matches_implementation(const std::string& name) const;
  bool matches_workload(const std::string& id) const;
};

struct RunOptions {
  RunFilters filters;
  TimingOptions timing;
  bool timing_explicit = false;  // set on the command line (or --quick): overrides the checks' <timing>
  bool quick = false;            // the workloads marked quick, the first thread count, short timing
  std::vector<int> threads;      // overrides the checks' thread lists when non-empty
  std::string command_line;
  bool progress = false;
};

struct RunSummary {
  std::int64_t run_id = 0;
  int ok = 0, failed_correctness = 0, errors = 0, unsupported = 0;
  int verdicts = 0;
};

RunSummary run_claims(const std::vector<Claim>& claims, const WorkloadCatalog& workloads,
                      const Registry& registry, Store& store, const RunOptions& options);

// Snapshots for the store.
ClaimRecord to_record(std::int64_t run_id, const Claim& claim);

}  // namespace claimbench
