// Rows of the results database. Everything a report shows is one of these, read back from
// SQLite: claims and checks are snapshotted per run, so reports need no claim files.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace claimbench {

struct RunRecord {
  std::int64_t id = 0;
  std::string started_at;   // UTC, ISO 8601
  std::string finished_at;  // empty while running or after a kill
  std::string status;       // running, completed, failed
  std::string command_line;
  std::map<std::string, std::string> provenance;
};

struct ClaimRecord {
  std::int64_t run_id = 0;
  std::string claim_id, file, content_hash, title;
  std::string source_kind, citation, url, reliability;
  std::string statement, metric, unit;
  std::string claimed_kind;
  double claimed_value = 0, claimed_min = 0, claimed_max = 0;
  std::string claimed_text;
  std::string conditions_json;  // [{"name":..,"value":..}] in file order
};

struct CheckRecord {
  std::int64_t run_id = 0;
  std::string claim_id, check_id, kind, description;
  std::string implementations_json;  // [{"name":..,"role":..}]
  std::string workloads_json;        // ["id", ...]
  std::string threads_json;          // [1,2]
  std::string aggregate;
  std::string rule = "at-least";  // at-least: threshold, partial_threshold; within: target ± tolerance
  double threshold = 0, partial_threshold = 0, confidence = 0.95;
  double target = 0, tolerance = 0, partial_tolerance = 0;
  // What is judged: time-ratio, footprint-ratio, counter, counter-ratio, counter-difference
  // (empty in databases from before schema 5: the claim's metric decides).
  std::string measure;
  std::string counter;    // for the counter measures
  std::string direction;  // counter-ratio: lower-is-better or higher-is-better
  std::string requirements;  // "cpu-feature=avx2; cuda-compute-capability=8.0"
  bool testable = true;
  std::string not_testable_reason;
  std::string pending;
};

struct WorkloadRecord {
  std::int64_t run_id = 0;
  std::string kind = "gemm";
  std::string fields_json = "{}";  // a non-GEMM workload's own columns
  std::string workload_id, table_name, model, layer;
  int m = 0, n = 0, k = 0, batch = 0, sequence = 0;
  std::string pattern, precision, distribution;
  std::uint64_t seed = 0;
  std::string source;
};

// Status values: ok, failed-correctness, error, unsupported.
struct MeasurementRecord {
  std::int64_t id = 0;
  std::int64_t run_id = 0;
  std::string claim_id, check_id, implementation, role, workload_id;
  int threads = 1;
  std::string status;
  std::string detail;
  std::string technique, device, precision, evidence_kind, origin;
  std::string plugin_file;      // the plugin library that produced it; empty when built in
  std::string plugin_checksum;  // "sha256:<hex>" of that file
  std::string kernel, isa;
  double prepare_seconds = 0;
  double useful_flops = 0, dense_equivalent_flops = 0, bytes_moved = 0, operand_bytes = 0;
  std::string correctness_mode;      // full, sampled
  std::int64_t checked_elements = 0;
  double max_error_ratio = 0;        // max over checked elements of |error| / bound
  std::vector<double> sample_seconds;          // per-iteration time, one per repetition
  std::vector<std::int64_t> sample_iterations;  // iterations behind each sample
  double median_s = 0, mean_s = 0, stddev_s = 0, min_s = 0, max_s = 0;
  double median_ci_low_s = 0, median_ci_high_s = 0;
  std::string counters_json;  // the extra counters
  std::string started_at, finished_at;
};

// Per (workload, threads) pair: the candidate against one baseline.
struct SpeedupRecord {
  std::int64_t run_id = 0;
  std::string claim_id, check_id, workload_id;
  int threads = 1;
  std::string candidate, baseline, baseline_role;
  bool strongest = false;  // the fastest dense baseline of this pair
  double ratio = 0, ci_low = 0, ci_high = 0;
};

struct VerdictRecord {
  std::int64_t run_id = 0;
  std::string claim_id, check_id;
  std::string state;  // reproduced, partially-reproduced, not-reproduced, ambiguous, not-testable-here, error
  std::string check_kind, evidence_kind, metric, claimed_text;
  double measured = 0, ci_low = 0, ci_high = 0;  // against the strongest dense baseline
  std::string baseline;                         // which baselines were strongest
  std::string own_state;                        // the same rule against the project's own dense kernel
  double own_measured = 0, own_ci_low = 0, own_ci_high = 0;
  int pairs = 0;
  std::string explanation;
};

}  // namespace claimbench
