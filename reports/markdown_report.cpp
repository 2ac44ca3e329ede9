#include <boost/json.hpp>
#include <map>
#include <set>
#include <sstream>

#include "counter_table.hpp"
#include "report_writers.hpp"
#include "text_format.hpp"

namespace claimbench::reports {

namespace {

std::string conditions_text(const ClaimRecord& claim) {
  std::string out;
  try {
    const boost::json::value parsed = boost::json::parse(claim.conditions_json);
    for (const auto& c : parsed.as_array()) {
      const auto& o = c.as_object();
      out += (out.empty() ? "" : "; ") + std::string(o.at("name").as_string()) + ": " +
             std::string(o.at("value").as_string());
    }
  } catch (const std::exception&) {
    out = claim.conditions_json;
  }
  return out;
}

std::string interval_text(double point, double low, double high) {
  return significant(point) + "× [" + significant(low) + "–" + significant(high) + "]";
}

std::string kernels_of(const ReportModel& model, const std::string& claim, const std::string& check) {
  std::set<std::string> kernels;
  for (const auto& m : model.measurements)
    if (m.claim_id == claim && m.check_id == check && m.role == "candidate" && !m.kernel.empty())
      kernels.insert(m.kernel);
  std::string out;
  for (const auto& k : kernels) out += (out.empty() ? "" : ", ") + k;
  return out.empty() ? "—" : out;
}

void verdict_table(std::ostringstream& md, const ReportModel& model) {
  md << "## Verdicts\n\n";
  if (model.verdicts.empty()) {
    md << "This run holds no verdicts.\n\n";
    return;
  }
  md << "Evidence kinds stay in separate columns: *measured* on this machine, *simulated* by a model of the "
        "hardware, *modeled* from published constants. A check's kind says what the evidence can mean: "
        "`literal` at the claim's own conditions, `analog` the same mechanism on the hardware at hand, "
        "`model` an estimate. Intervals are 95% bootstrap intervals over the stored samples.\n\n";
  md << "| Claim | Source | Claimed (conditions) | Check | Measured | Simulated | Modeled | vs own dense kernel | "
        "Verdict | Why | Kernel that ran |\n";
  md << "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& v : model.verdicts) {
    const auto* c = model.claim(v.claim_id);
    const std::string value = v.pairs > 0 ? verdict_value_text(v, model.check(v.claim_id, v.check_id)) : "—";
    md << "| " << markdown_cell(c ? c->title : v.claim_id) << " (`" << v.claim_id << "`)";
    md << " | " << markdown_cell(c ? c->citation + " [" + c->source_kind + ", " + c->reliability + "]" : "");
    md << " | **" << markdown_cell(v.claimed_text) << "**" << (c ? " — " + markdown_cell(conditions_text(*c)) : "");
    md << " | `" << v.check_id << "` (" << v.check_kind << ")";
    md << " | " << (v.evidence_kind == "measured" ? value : "—");
    md << " | " << (v.evidence_kind == "simulated" ? value : "—");
    md << " | " << (v.evidence_kind == "modeled" ? value : "—");
    md << " | "
       << (v.own_state.empty() ? "—" : interval_text(v.own_measured, v.own_ci_low, v.own_ci_high) + " (" + v.own_state + ")");
    md << " | **" << v.state << "**";
    md << " | " << markdown_cell(v.explanation);
    md << " | " << markdown_cell(kernels_of(model, v.claim_id, v.check_id)) << " |\n";
  }
  md << "\n";
}

void check_sections(std::ostringstream& md, const ReportModel& model) {
  md << "## Checks in detail\n\n";
  for (const auto& check : model.checks) {
    md << "### `" << check.claim_id << "` / `" << check.check_id << "` (" << check.kind << ")\n\n";
    md << markdown_cell(check.description) << "\n\n";
    if (!check.requirements.empty()) md << "Requires: " << check.requirements << ".\n\n";
    if (!check.testable) {
      md << "**Not testable here:** " << check.not_testable_reason << "\n\n";
      continue;
    }
    if (!check.pending.empty()) {
      md << "**Pending:** " << check.pending << "\n\n";
      continue;
    }
    md << "Verdict rule: " << verdict_rule_text(check) << ".\n\n";
    if (is_counter_measure(check)) {
      const CounterTable table = counter_table(model, check);
      if (table.rows.empty()) {
        md << "No measurements.\n\n";
        continue;
      }
      md << "|";
      for (const auto& h : table.headers) md << " " << markdown_cell(h) << " |";
      md << "\n|";
      for (std::size_t i = 0; i < table.headers.size(); ++i) md << "---|";
      md << "\n";
      for (const auto& row : table.rows) {
        md << "|";
        for (const auto& cell : row) md << " " << markdown_cell(cell) << " |";
        md << "\n";
      }
      md << "\n";
      continue;
    }
    std::vector<const SpeedupRecord*> rows;
    for (const auto& s : model.speedups)
      if (s.claim_id == check.claim_id && s.check_id == check.check_id) rows.push_back(&s);
    if (rows.empty()) {
      md << "No speedups: no workload had both a correct candidate and a correct dense baseline.\n\n";
      continue;
    }
    md << "| Workload | M×N×K | Threads | Candidate GFLOP/s (dense-equivalent) | Baseline | Role | Baseline GFLOP/s | "
          "Speedup [95% CI] | |\n|---|---|---|---|---|---|---|---|---|\n";
    int slower = 0, strongest_pairs = 0;
    for (const auto* s : rows) {
      const auto* w = model.workload(s->workload_id);
      const auto* cand = model.measurement(s->claim_id, s->check_id, s->candidate, s->workload_id, s->threads);
      const auto* base = model.measurement(s->claim_id, s->check_id, s->baseline, s->workload_id, s->threads);
      const std::string shape = w ? std::to_string(w->m) + "×" + std::to_string(w->n) + "×" + std::to_string(w->k) : "?";
      std::string note;
      if (s->strongest) {
        ++strongest_pairs;
        note = "strongest";
        if (s->ci_high < 1.0) {
          note += "; **slower than dense**";
          ++slower;
        } else if (s->ci_low <= 1.0) {
          note += "; same as dense within noise";
        }
      }
      md << "| " << s->workload_id << " | " << shape << " | " << s->threads << " | "
         << (cand ? fixed(gflops(cand->dense_equivalent_flops, cand->median_s), 1) : "—") << " | " << s->baseline
         << " | " << s->baseline_role << " | "
         << (base ? fixed(gflops(base->dense_equivalent_flops, base->median_s), 1) : "—") << " | "
         << interval_text(s->ratio, s->ci_low, s->ci_high) << " | " << note << " |\n";
    }
    md << "\n";
    if (slower > 0)
      md << "Crossover: the candidate is slower than the strongest dense baseline on " << slower << " of "
         << strongest_pairs << " workload×thread pairs (marked above). These are results, kept like the others.\n\n";
    else
      md << "The candidate is not slower than the strongest dense baseline on any of the " << strongest_pairs
         << " pairs measured.\n\n";
  }
}

void measurement_table(std::ostringstream& md, const ReportModel& model) {
  md << "## Measurements\n\n";
  if (model.measurements.empty()) {
    md << "This run holds no measurements.\n\n";
    return;
  }
  md << "Every timed measurement passed the correctness gate against the float64 oracle first; failed ones are "
        "listed with their reason and never count toward a verdict.\n\n";
  md << "| Check | Implementation | Role | Kernel (ISA) | Workload | Threads | Status | Median ms [95% CI] | "
        "GFLOP/s dense-eq. | GFLOP/s useful | Samples | Prepare ms | Correctness |\n";
  md << "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& m : model.measurements) {
    const bool ok = m.status == "ok";
    md << "| " << m.check_id << " | " << m.implementation << " | " << m.role << " | "
       << markdown_cell(m.kernel.empty() ? "—" : m.kernel + " (" + m.isa + ")") << " | " << m.workload_id << " | "
       << m.threads << " | " << (ok ? "ok" : "**" + m.status + "**") << " | "
       << (ok ? fixed(m.median_s * 1e3, 3) + " [" + fixed(m.median_ci_low_s * 1e3, 3) + "–" +
                    fixed(m.median_ci_high_s * 1e3, 3) + "]"
              : markdown_cell(m.detail))
       << " | " << (ok ? fixed(gflops(m.dense_equivalent_flops, m.median_s), 1) : "—") << " | "
       << (ok ? fixed(gflops(m.useful_flops, m.median_s), 1) : "—") << " | " << m.sample_seconds.size() << " | "
       << fixed(m.prepare_seconds * 1e3, 2) << " | "
       << (m.correctness_mode.empty() ? "—"
                                      : m.correctness_mode + ", " + std::to_string(m.checked_elements) +
                                            " elements, max err/bound " + significant(m.max_error_ratio, 2))
       << " |\n";
  }
  md << "\n";
}

void provenance_section(std::ostringstream& md, const ReportModel& model) {
  md << "## Provenance\n\n| Key | Value |\n|---|---|\n";
  for (const auto& [key, value] : model.run.provenance)
    md << "| " << key << " | " << markdown_cell(value) << " |\n";
  md << "\n";
}

}  // namespace

std::string markdown_report(const ReportModel& model) {
  std::ostringstream md;
  const auto& p = model.run.provenance;
  auto get = [&](const std::string& key) {
    auto it = p.find(key);
    return it == p.end() ? std::string("unknown") : it->second;
  };
  md << "# claimbench report: run " << model.run.id << "\n\n";
  md << "- Status: " << model.run.status
     << (model.run.status == "running" ? " (the run did not finish: it was interrupted or is still going; every "
                                         "measurement it completed is below)"
                                       : "")
     << "\n";
  md << "- Started " << model.run.started_at << ", finished " << (model.run.finished_at.empty() ? "—" : model.run.finished_at)
     << "\n";
  md << "- Machine: " << get("cpu.model") << ", " << get("cpu.logical_cores") << " logical cores; " << get("os.name")
     << "\n";
  md << "- Commit: " << get("git.commit") << (get("git.dirty") == "yes" ? " (with uncommitted changes)" : "") << "\n";
  md << "- OpenBLAS core: " << get("lib.openblas.corename") << " (core type set by: " << get("lib.openblas.coretype_source")
     << ")\n";
  md << "- Command: `" << model.run.command_line << "`\n\n";
  verdict_table(md, model);
  check_sections(md, model);
  measurement_table(md, model);
  provenance_section(md, model);
  return md.str();
}

}  // namespace claimbench::reports
