// Reports are rendered from a ReportModel, which is read from the database alone. Same
// database in, byte-identical files out: stable ordering, no clock reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "claimbench/records.hpp"

namespace claimbench {
class Store;
}

namespace claimbench::reports {

struct ReportModel {
  RunRecord run;
  std::vector<ClaimRecord> claims;
  std::vector<CheckRecord> checks;
  std::vector<WorkloadRecord> workloads;
  std::vector<MeasurementRecord> measurements;
  std::vector<VerdictRecord> verdicts;
  std::vector<SpeedupRecord> speedups;

  const ClaimRecord* claim(const std::string& id) const;
  const CheckRecord* check(const std::string& claim, const std::string& check) const;
  const WorkloadRecord* workload(const std::string& id) const;
  const MeasurementRecord* measurement(const std::string& claim, const std::string& check, const std::string& impl,
                                       const std::string& workload, int threads) const;
};

ReportModel load_report_model(const Store& store, std::int64_t run_id);

std::string markdown_report(const ReportModel& model);
std::string verdicts_csv(const ReportModel& model);
std::string speedups_csv(const ReportModel& model);
std::string measurements_csv(const ReportModel& model);
std::string benchmark_json(const ReportModel& model);  // Google Benchmark's JSON format

// Writes report.md, verdicts.csv, speedups.csv, measurements.csv; returns their paths.
std::vector<std::string> write_reports(const ReportModel& model, const std::filesystem::path& folder);

// Two runs side by side (claimbench report --compare A B). Measurements are matched by
// (claim, check, implementation, workload, threads). The decision rule, stated in every
// output: B is faster when the upper end of B's 95% bootstrap interval of the median time lies
// below the lower end of A's, slower when its lower end lies above A's upper end, otherwise the
// same within noise. The intervals are the stored ones, computed from the stored samples.
// Rows whose status is not ok on either side, or with fewer than kMinCompareSamples samples,
// are not comparable; rows on one side only say so.
constexpr std::size_t kMinCompareSamples = 3;
struct ComparisonRow {
  std::string claim_id, check_id, implementation, workload_id;
  int threads = 1;
  std::string a_status, b_status, a_kernel, b_kernel;
  std::size_t a_samples = 0, b_samples = 0;
  double a_median = 0, a_low = 0, a_high = 0;  // seconds
  double b_median = 0, b_low = 0, b_high = 0;
  double ratio = 0, ratio_low = 0, ratio_high = 0;  // B time / A time; interval from the two intervals
  std::string outcome;  // faster, slower, same, not-comparable, only-in-a, only-in-b
};
struct VerdictChange {
  std::string claim_id, check_id, a_state, b_state;
  double a_measured = 0, b_measured = 0;
};
struct ProvenanceDifference {
  std::string key, a_value, b_value;
};
struct Comparison {
  RunRecord a, b;
  std::vector<ComparisonRow> rows;
  std::vector<VerdictChange> verdicts;  // every check present in either run, changed or not
  std::vector<ProvenanceDifference> provenance;  // keys whose values differ
  int faster = 0, slower = 0, same = 0, other = 0;
};
Comparison compare_runs(const ReportModel& a, const ReportModel& b);
std::string comparison_rule_text();
std::string comparison_csv(const Comparison& comparison);
std::string comparison_markdown(const Comparison& comparison);

// The self-contained page (stylesheet, Vega and chart script inlined) and the JSON of the
// same tables. `comparison` (optional) adds the two-run section.
std::string html_report(const ReportModel& model, const Comparison* comparison = nullptr);
std::string tables_json(const ReportModel& model, const Comparison* comparison = nullptr);

// Everything `claimbench report` writes: write_reports' files plus index.html and report.json,
// and compare.csv with a comparison (whose section is appended to report.md). Returns the paths.
std::vector<std::string> write_all_reports(const ReportModel& model, const std::filesystem::path& folder,
                                           const Comparison* comparison = nullptr);

}  // namespace claimbench::reports
