// Two runs side by side: matched measurements, each marked faster, slower or the same within
// noise by non-overlapping 95% bootstrap intervals of the median (see report_writers.hpp).
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "report_writers.hpp"
#include "text_format.hpp"

namespace claimbench::reports {

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, int>;

Key key_of(const MeasurementRecord& m) { return {m.claim_id, m.check_id, m.implementation, m.workload_id, m.threads}; }

void fill_side(const MeasurementRecord& m, std::string& status, std::string& kernel, std::size_t& samples,
               double& median, double& low, double& high) {
  status = m.status;
  kernel = m.kernel;
  samples = m.sample_seconds.size();
  median = m.median_s;
  low = m.median_ci_low_s;
  high = m.median_ci_high_s;
}

}  // namespace

std::string comparison_rule_text() {
  return "Each measurement of run B is matched with run A's by claim, check, implementation, workload and "
         "threads. B is faster when the upper end of its 95% bootstrap interval of the median time lies below the "
         "lower end of A's, slower when its lower end lies above A's upper end, and the same within noise when the "
         "intervals overlap. The intervals are the ones stored with each measurement, computed from its stored "
         "samples. Rows that failed or errored on either side, or that have fewer than " +
         std::to_string(kMinCompareSamples) + " samples, are not comparable.";
}

Comparison compare_runs(const ReportModel& a, const ReportModel& b) {
  Comparison c;
  c.a = a.run;
  c.b = b.run;
  std::map<Key, std::pair<const MeasurementRecord*, const MeasurementRecord*>> matched;
  for (const auto& m : a.measurements) matched[key_of(m)].first = &m;
  for (const auto& m : b.measurements) matched[key_of(m)].second = &m;
  for (const auto& [key, pair] : matched) {
    ComparisonRow r;
    std::tie(r.claim_id, r.check_id, r.implementation, r.workload_id, r.threads) = key;
    const auto* ma = pair.first;
    const auto* mb = pair.second;
    if (ma) fill_side(*ma, r.a_status, r.a_kernel, r.a_samples, r.a_median, r.a_low, r.a_high);
    if (mb) fill_side(*mb, r.b_status, r.b_kernel, r.b_samples, r.b_median, r.b_low, r.b_high);
    if (!ma) r.outcome = "only-in-b";
    else if (!mb) r.outcome = "only-in-a";
    else if (r.a_status != "ok" || r.b_status != "ok" || r.a_samples < kMinCompareSamples ||
             r.b_samples < kMinCompareSamples || !(r.a_median > 0) || !(r.b_median > 0))
      r.outcome = "not-comparable";
    else {
      r.ratio = r.b_median / r.a_median;
      r.ratio_low = r.a_high > 0 ? r.b_low / r.a_high : 0;
      r.ratio_high = r.a_low > 0 ? r.b_high / r.a_low : 0;
      if (r.b_high < r.a_low) r.outcome = "faster";
      else if (r.b_low > r.a_high) r.outcome = "slower";
      else r.outcome = "same";
    }
    if (r.outcome == "faster") ++c.faster;
    else if (r.outcome == "slower") ++c.slower;
    else if (r.outcome == "same") ++c.same;
    else ++c.other;
    c.rows.push_back(std::move(r));
  }

  std::map<std::pair<std::string, std::string>, VerdictChange> verdicts;
  for (const auto& v : a.verdicts) {
    auto& change = verdicts[{v.claim_id, v.check_id}];
    change.claim_id = v.claim_id;
    change.check_id = v.check_id;
    change.a_state = v.state;
    change.a_measured = v.measured;
  }
  for (const auto& v : b.verdicts) {
    auto& change = verdicts[{v.claim_id, v.check_id}];
    change.claim_id = v.claim_id;
    change.check_id = v.check_id;
    change.b_state = v.state;
    change.b_measured = v.measured;
  }
  for (auto& [key, change] : verdicts) c.verdicts.push_back(change);

  // Provenance that differs (the run's own command line and timing keys included).
  std::set<std::string> keys;
  for (const auto& [k, v] : a.run.provenance) keys.insert(k);
  for (const auto& [k, v] : b.run.provenance) keys.insert(k);
  for (const auto& k : keys) {
    const auto ia = a.run.provenance.find(k);
    const auto ib = b.run.provenance.find(k);
    const std::string va = ia == a.run.provenance.end() ? "" : ia->second;
    const std::string vb = ib == b.run.provenance.end() ? "" : ib->second;
    if (va != vb) c.provenance.push_back({k, va, vb});
  }
  return c;
}

std::string comparison_csv(const Comparison& c) {
  std::ostringstream out;
  out << "run_a,run_b,claim_id,check_id,implementation,workload_id,threads,outcome,a_status,b_status,a_kernel,"
         "b_kernel,a_samples,b_samples,a_median_s,a_ci_low_s,a_ci_high_s,b_median_s,b_ci_low_s,b_ci_high_s,"
         "ratio_b_over_a,ratio_low,ratio_high\n";
  for (const auto& r : c.rows) {
    out << c.a.id << "," << c.b.id << "," << csv_field(r.claim_id) << "," << csv_field(r.check_id) << ","
        << csv_field(r.implementation) << "," << csv_field(r.workload_id) << "," << r.threads << "," << r.outcome
        << "," << r.a_status << "," << r.b_status << "," << csv_field(r.a_kernel) << "," << csv_field(r.b_kernel)
        << "," << r.a_samples << "," << r.b_samples << "," << significant(r.a_median, 6) << ","
        << significant(r.a_low, 6) << "," << significant(r.a_high, 6) << "," << significant(r.b_median, 6) << ","
        << significant(r.b_low, 6) << "," << significant(r.b_high, 6) << "," << significant(r.ratio, 6) << ","
        << significant(r.ratio_low, 6) << "," << significant(r.ratio_high, 6) << "\n";
  }
  return out.str();
}

std::string comparison_markdown(const Comparison& c) {
  std::ostringstream md;
  md << "## Run " << c.a.id << " (A) against run " << c.b.id << " (B)\n\n";
  md << comparison_rule_text() << "\n\n";
  md << "B is faster on " << c.faster << ", slower on " << c.slower << ", the same within noise on " << c.same
     << "; " << c.other << " not comparable or on one side only.\n\n";
  md << "| Check | Implementation | Workload | Threads | A median ms [95% CI] | B median ms [95% CI] | B/A time | B is "
        "|\n|---|---|---|---|---|---|---|---|\n";
  auto side = [](const std::string& status, double median, double low, double high) {
    if (status.empty()) return std::string("—");
    if (status != "ok") return "**" + status + "**";
    return fixed(median * 1e3, 3) + " [" + fixed(low * 1e3, 3) + "–" + fixed(high * 1e3, 3) + "]";
  };
  for (const auto& r : c.rows) {
    md << "| " << r.claim_id << " / " << r.check_id << " | " << r.implementation << " | " << r.workload_id << " | "
       << r.threads << " | " << side(r.a_status, r.a_median, r.a_low, r.a_high) << " | "
       << side(r.b_status, r.b_median, r.b_low, r.b_high) << " | "
       << (r.ratio > 0 ? significant(r.ratio) + " [" + significant(r.ratio_low) + "–" + significant(r.ratio_high) + "]"
                       : "—")
       << " | " << (r.outcome == "faster" || r.outcome == "slower" ? "**" + r.outcome + "**" : r.outcome) << " |\n";
  }
  md << "\n";
  if (!c.provenance.empty()) {
    md << "Provenance that differs:\n\n| Key | A | B |\n|---|---|---|\n";
    for (const auto& d : c.provenance)
      md << "| " << d.key << " | " << markdown_cell(d.a_value) << " | " << markdown_cell(d.b_value) << " |\n";
    md << "\n";
  }
  return md.str();
}

}  // namespace claimbench::reports
