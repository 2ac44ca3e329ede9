// The verdict engine. It reads only stored rows (checks, measurements and their samples), so
// `claimbench verdicts --recompute` reproduces what `run` wrote, bit for bit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "claimbench/records.hpp"

namespace claimbench {

class Store;

struct VerdictSet {
  std::vector<VerdictRecord> verdicts;
  std::vector<SpeedupRecord> speedups;
};

// Computes every check's verdict for one run from the store's rows.
VerdictSet compute_verdicts(const Store& store, std::int64_t run_id);

// The state rule, exposed for tests: higher-is-better metric with interval [low, high].
std::string verdict_state(double low, double high, double threshold, double partial_threshold);
// The "within" rule: target ± tolerance reproduces, ± partial_tolerance partially.
std::string verdict_state_within(double low, double high, double target, double tolerance, double partial_tolerance);

// For one check, from its records. `claims` supplies the metric and claimed value.
VerdictSet compute_check_verdict(const ClaimRecord& claim, const CheckRecord& check,
                                 const std::vector<MeasurementRecord>& measurements);

}  // namespace claimbench
