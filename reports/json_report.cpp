// report.json: the tables of the page as JSON (run and provenance, verdicts, speedups,
// measurements without their samples, and the comparison when asked). Insertion-ordered
// objects, rows in database order: the same database gives the same bytes.
#include <boost/json.hpp>

#include "report_writers.hpp"
#include "text_format.hpp"

namespace claimbench::reports {

namespace json = boost::json;

namespace {

json::object run_object(const RunRecord& r) {
  json::object o;
  o["id"] = r.id;
  o["started_at"] = r.started_at;
  o["finished_at"] = r.finished_at;
  o["status"] = r.status;
  o["command_line"] = r.command_line;
  json::object p;
  for (const auto& [k, v] : r.provenance) p[k] = v;
  o["provenance"] = std::move(p);
  return o;
}

json::value counters(const std::string& text) {
  try {
    return json::parse(text.empty() ? "{}" : text);
  } catch (const std::exception&) {
    return json::value(text);
  }
}

}  // namespace

std::string tables_json(const ReportModel& model, const Comparison* comparison) {
  json::object root;
  root["format"] = "claimbench-report-tables/1";
  root["run"] = run_object(model.run);
  json::array claims;
  for (const auto& c : model.claims) {
    json::object o;
    o["claim_id"] = c.claim_id;
    o["title"] = c.title;
    o["source_kind"] = c.source_kind;
    o["citation"] = c.citation;
    o["url"] = c.url;
    o["reliability"] = c.reliability;
    o["metric"] = c.metric;
    o["claimed_text"] = c.claimed_text;
    o["conditions"] = counters(c.conditions_json);
    claims.push_back(std::move(o));
  }
  root["claims"] = std::move(claims);
  json::array verdicts;
  for (const auto& v : model.verdicts) {
    json::object o;
    o["claim_id"] = v.claim_id;
    o["check_id"] = v.check_id;
    o["check_kind"] = v.check_kind;
    o["state"] = v.state;
    o["metric"] = v.metric;
    if (const auto* check = model.check(v.claim_id, v.check_id)) {
      o["measure"] = check->measure.empty() ? std::string(v.metric == "footprint-ratio" ? "footprint-ratio" : "time-ratio")
                                            : check->measure;
      if (!check->counter.empty()) o["counter"] = check->counter;
    }
    o["claimed"] = v.claimed_text;
    o["evidence_kind"] = v.evidence_kind;
    // Rule 3: the value sits under its evidence kind, the other two are null.
    for (const char* kind : {"measured", "simulated", "modeled"}) {
      if (v.evidence_kind == kind && v.pairs > 0) {
        json::object value;
        value["value"] = v.measured;
        value["ci_low"] = v.ci_low;
        value["ci_high"] = v.ci_high;
        o[kind] = std::move(value);
      } else {
        o[kind] = nullptr;
      }
    }
    o["baseline"] = v.baseline;
    o["own_state"] = v.own_state;
    o["own_measured"] = v.own_measured;
    o["own_ci_low"] = v.own_ci_low;
    o["own_ci_high"] = v.own_ci_high;
    o["pairs"] = v.pairs;
    o["explanation"] = v.explanation;
    verdicts.push_back(std::move(o));
  }
  root["verdicts"] = std::move(verdicts);
  json::array speedups;
  for (const auto& s : model.speedups) {
    const auto* w = model.workload(s.workload_id);
    json::object o;
    o["claim_id"] = s.claim_id;
    o["check_id"] = s.check_id;
    o["workload_id"] = s.workload_id;
    o["m"] = w ? w->m : 0;
    o["n"] = w ? w->n : 0;
    o["k"] = w ? w->k : 0;
    o["threads"] = s.threads;
    o["candidate"] = s.candidate;
    o["baseline"] = s.baseline;
    o["baseline_role"] = s.baseline_role;
    o["strongest"] = s.strongest;
    o["ratio"] = s.ratio;
    o["ci_low"] = s.ci_low;
    o["ci_high"] = s.ci_high;
    speedups.push_back(std::move(o));
  }
  root["speedups"] = std::move(speedups);
  json::array measurements;
  for (const auto& m : model.measurements) {
    json::object o;
    o["id"] = m.id;
    o["claim_id"] = m.claim_id;
    o["check_id"] = m.check_id;
    o["implementation"] = m.implementation;
    o["role"] = m.role;
    o["workload_id"] = m.workload_id;
    o["threads"] = m.threads;
    o["status"] = m.status;
    o["detail"] = m.detail;
    o["technique"] = m.technique;
    o["evidence_kind"] = m.evidence_kind;
    o["kernel"] = m.kernel;
    o["isa"] = m.isa;
    o["samples"] = static_cast<std::int64_t>(m.sample_seconds.size());
    o["median_s"] = m.median_s;
    o["median_ci_low_s"] = m.median_ci_low_s;
    o["median_ci_high_s"] = m.median_ci_high_s;
    o["dense_equivalent_gflops"] = gflops(m.dense_equivalent_flops, m.median_s);
    o["useful_gflops"] = gflops(m.useful_flops, m.median_s);
    o["bytes_moved"] = m.bytes_moved;
    o["correctness_mode"] = m.correctness_mode;
    o["max_error_ratio"] = m.max_error_ratio;
    o["counters"] = counters(m.counters_json);
    measurements.push_back(std::move(o));
  }
  root["measurements"] = std::move(measurements);
  if (comparison) {
    json::object c;
    c["run_a"] = comparison->a.id;
    c["run_b"] = comparison->b.id;
    c["rule"] = comparison_rule_text();
    c["faster"] = comparison->faster;
    c["slower"] = comparison->slower;
    c["same"] = comparison->same;
    c["other"] = comparison->other;
    json::array rows;
    for (const auto& r : comparison->rows) {
      json::object o;
      o["claim_id"] = r.claim_id;
      o["check_id"] = r.check_id;
      o["implementation"] = r.implementation;
      o["workload_id"] = r.workload_id;
      o["threads"] = r.threads;
      o["outcome"] = r.outcome;
      o["a_status"] = r.a_status;
      o["b_status"] = r.b_status;
      o["a_median_s"] = r.a_median;
      o["a_ci"] = json::array{r.a_low, r.a_high};
      o["b_median_s"] = r.b_median;
      o["b_ci"] = json::array{r.b_low, r.b_high};
      o["ratio_b_over_a"] = r.ratio;
      o["ratio_ci"] = json::array{r.ratio_low, r.ratio_high};
      rows.push_back(std::move(o));
    }
    c["rows"] = std::move(rows);
    root["comparison"] = std::move(c);
  }
  return json::serialize(root) + "\n";
}

}  // namespace claimbench::reports
