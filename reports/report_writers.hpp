// Reports are rendered from a ReportModel, which is read from the database alone. Same
// database in, byte-identical files out: stable ordering, no clock reads.
#pragma once

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

}  // namespace claimbench::reports
