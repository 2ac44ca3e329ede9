#include <stdexcept>

#include "claimbench/store.hpp"
#include "report_writers.hpp"

namespace claimbench::reports {

const CheckRecord* ReportModel::check(const std::string& claim_id, const std::string& check_id) const {
  for (const auto& c : checks)
    if (c.claim_id == claim_id && c.check_id == check_id) return &c;
  return nullptr;
}

const ClaimRecord* ReportModel::claim(const std::string& id) const {
  for (const auto& c : claims)
    if (c.claim_id == id) return &c;
  return nullptr;
}

const WorkloadRecord* ReportModel::workload(const std::string& id) const {
  for (const auto& w : workloads)
    if (w.workload_id == id) return &w;
  return nullptr;
}

const MeasurementRecord* ReportModel::measurement(const std::string& claim, const std::string& check,
                                                  const std::string& impl, const std::string& workload,
                                                  int threads) const {
  for (const auto& m : measurements)
    if (m.claim_id == claim && m.check_id == check && m.implementation == impl && m.workload_id == workload &&
        m.threads == threads)
      return &m;
  return nullptr;
}

ReportModel load_report_model(const Store& store, std::int64_t run_id) {
  ReportModel m;
  auto run = store.run(run_id);
  if (!run) throw std::runtime_error("no run " + std::to_string(run_id));
  m.run = *run;
  m.claims = store.claims(run_id);
  m.checks = store.checks(run_id);
  m.workloads = store.workloads(run_id);
  m.measurements = store.measurements(run_id);
  m.verdicts = store.verdicts(run_id);
  m.speedups = store.speedups(run_id);
  return m;
}

}  // namespace claimbench::reports
