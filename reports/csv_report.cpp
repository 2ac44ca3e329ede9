#include <sstream>

#include "report_writers.hpp"
#include "text_format.hpp"

namespace claimbench::reports {

std::string verdicts_csv(const ReportModel& model) {
  std::ostringstream out;
  out << "run_id,claim_id,check_id,check_kind,evidence_kind,metric,claimed,state,measured,ci_low,ci_high,baseline,"
         "own_state,own_measured,own_ci_low,own_ci_high,pairs,explanation\n";
  for (const auto& v : model.verdicts) {
    out << v.run_id << "," << csv_field(v.claim_id) << "," << csv_field(v.check_id) << "," << v.check_kind << ","
        << v.evidence_kind << "," << v.metric << "," << csv_field(v.claimed_text) << "," << v.state << ","
        << significant(v.measured, 6) << "," << significant(v.ci_low, 6) << "," << significant(v.ci_high, 6) << ","
        << csv_field(v.baseline) << "," << v.own_state << "," << significant(v.own_measured, 6) << ","
        << significant(v.own_ci_low, 6) << "," << significant(v.own_ci_high, 6) << "," << v.pairs << ","
        << csv_field(v.explanation) << "\n";
  }
  return out.str();
}

std::string speedups_csv(const ReportModel& model) {
  std::ostringstream out;
  out << "run_id,claim_id,check_id,workload_id,m,n,k,threads,candidate,baseline,baseline_role,strongest,ratio,ci_low,"
         "ci_high\n";
  for (const auto& s : model.speedups) {
    const auto* w = model.workload(s.workload_id);
    out << s.run_id << "," << csv_field(s.claim_id) << "," << csv_field(s.check_id) << "," << csv_field(s.workload_id)
        << "," << (w ? w->m : 0) << "," << (w ? w->n : 0) << "," << (w ? w->k : 0) << "," << s.threads << ","
        << s.candidate << "," << s.baseline << "," << s.baseline_role << "," << (s.strongest ? 1 : 0) << ","
        << significant(s.ratio, 6) << "," << significant(s.ci_low, 6) << "," << significant(s.ci_high, 6) << "\n";
  }
  return out.str();
}

std::string measurements_csv(const ReportModel& model) {
  std::ostringstream out;
  out << "measurement_id,run_id,claim_id,check_id,implementation,role,workload_id,threads,status,detail,technique,"
         "device,precision,evidence_kind,origin,kernel,isa,prepare_s,median_s,median_ci_low_s,median_ci_high_s,mean_s,"
         "stddev_s,min_s,max_s,samples,dense_equivalent_gflops,useful_gflops,operand_bytes,correctness_mode,"
         "checked_elements,max_error_ratio\n";
  for (const auto& m : model.measurements) {
    out << m.id << "," << m.run_id << "," << csv_field(m.claim_id) << "," << csv_field(m.check_id) << ","
        << m.implementation << "," << m.role << "," << csv_field(m.workload_id) << "," << m.threads << "," << m.status
        << "," << csv_field(m.detail) << "," << m.technique << "," << m.device << "," << csv_field(m.precision) << ","
        << m.evidence_kind << "," << csv_field(m.origin) << "," << csv_field(m.kernel) << "," << csv_field(m.isa) << ","
        << significant(m.prepare_seconds, 6) << "," << significant(m.median_s, 6) << ","
        << significant(m.median_ci_low_s, 6) << "," << significant(m.median_ci_high_s, 6) << ","
        << significant(m.mean_s, 6) << "," << significant(m.stddev_s, 6) << "," << significant(m.min_s, 6) << ","
        << significant(m.max_s, 6) << "," << m.sample_seconds.size() << ","
        << significant(gflops(m.dense_equivalent_flops, m.median_s), 6) << ","
        << significant(gflops(m.useful_flops, m.median_s), 6) << "," << significant(m.operand_bytes, 10) << ","
        << m.correctness_mode << "," << m.checked_elements << "," << significant(m.max_error_ratio, 4) << "\n";
  }
  return out.str();
}

}  // namespace claimbench::reports
