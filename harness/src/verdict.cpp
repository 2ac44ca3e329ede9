#include "claimbench/verdict.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "claimbench/statistics.hpp"
#include "claimbench/store.hpp"

namespace claimbench {

namespace {

std::string format(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

double aggregate(const std::string& how, std::vector<double> values) {
  if (how == "max") return *std::max_element(values.begin(), values.end());
  if (how == "min") return *std::min_element(values.begin(), values.end());
  if (how == "geomean") return geometric_mean(values);
  if (how == "mean") {
    double sum = 0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
  }
  return median(std::move(values));
}

struct PairKey {
  std::string workload;
  int threads;
  auto operator<=>(const PairKey&) const = default;
};

struct Pair {
  const MeasurementRecord* candidate = nullptr;
  std::vector<const MeasurementRecord*> baselines;  // ok ones, library and own
  std::vector<std::string> failures;                 // why this pair cannot count
};

// One candidate-against-baseline row of a workload×thread pair; the caller fills in the ratio.
SpeedupRecord pair_record(const CheckRecord& check, const PairKey& key, const MeasurementRecord& candidate,
                          const MeasurementRecord& baseline) {
  SpeedupRecord r;
  r.run_id = check.run_id;
  r.claim_id = check.claim_id;
  r.check_id = check.check_id;
  r.workload_id = key.workload;
  r.threads = key.threads;
  r.candidate = candidate.implementation;
  r.baseline = baseline.implementation;
  r.baseline_role = baseline.role;
  return r;
}

// The interval of the aggregated ratio candidate-vs-chosen-baseline, by a paired bootstrap
// over every pair's samples.
struct Interval {
  double point = 0, low = 0, high = 0;
};

Interval aggregate_interval(const std::vector<std::pair<const MeasurementRecord*, const MeasurementRecord*>>& pairs,
                            const std::string& how, double confidence, std::uint64_t seed) {
  std::vector<double> points;
  for (const auto& [cand, base] : pairs) points.push_back(base->median_s / cand->median_s);
  Interval out;
  out.point = aggregate(how, points);
  Bootstrap bootstrap(seed);
  std::vector<double> replicates(kBootstrapReplicates);
  std::vector<double> ratios(pairs.size());
  for (auto& r : replicates) {
    for (std::size_t i = 0; i < pairs.size(); ++i)
      ratios[i] = bootstrap.resampled_median(pairs[i].second->sample_seconds) /
                  bootstrap.resampled_median(pairs[i].first->sample_seconds);
    r = aggregate(how, ratios);
  }
  const double alpha = (1.0 - confidence) / 2.0;
  out.low = quantile(replicates, alpha);
  out.high = quantile(replicates, 1.0 - alpha);
  return out;
}

// A counter's value with its interval: `<name>.ci_low`/`<name>.ci_high` when the implementation
// reports them (an accuracy over seeds), else the value itself (a deterministic simulation).
struct CounterValue {
  double value = 0, low = 0, high = 0;
  bool found = false;
};

CounterValue read_counter(const MeasurementRecord& m, const std::string& name) {
  CounterValue out;
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(m.counters_json.empty() ? "{}" : m.counters_json, ec);
  if (ec || !parsed.is_object()) return out;
  const auto& o = parsed.as_object();
  auto number = [&](const std::string& key, double& into) {
    auto it = o.find(key);
    if (it == o.end()) return false;
    if (it->value().is_double()) into = it->value().as_double();
    else if (it->value().is_int64()) into = static_cast<double>(it->value().as_int64());
    else if (it->value().is_uint64()) into = static_cast<double>(it->value().as_uint64());
    else return false;
    return true;
  };
  out.found = number(name, out.value);
  if (!out.found) return out;
  out.low = out.high = out.value;
  double low = 0, high = 0;
  if (number(name + ".ci_low", low) && number(name + ".ci_high", high) && low <= out.value && out.value <= high) {
    out.low = low;
    out.high = high;
  }
  return out;
}

}  // namespace

std::string verdict_state_within(double low, double high, double target, double tolerance,
                                 double partial_tolerance) {
  auto inside = [&](double band) { return low >= target - band && high <= target + band; };
  auto outside = [&](double band) { return high < target - band || low > target + band; };
  if (inside(tolerance)) return "reproduced";
  if (outside(partial_tolerance)) return "not-reproduced";
  if (inside(partial_tolerance) && outside(tolerance)) return "partially-reproduced";
  return "ambiguous";
}

std::string verdict_state(double low, double high, double threshold, double partial_threshold) {
  if (low >= threshold) return "reproduced";
  if (high < partial_threshold) return "not-reproduced";
  if (low >= partial_threshold && high < threshold) return "partially-reproduced";
  return "ambiguous";
}

namespace {

VerdictSet judge_measured(const ClaimRecord& claim, const CheckRecord& check,
                          const std::vector<MeasurementRecord>& measurements);

// Baselines the check declares (implementations_json) that have no measurement row at all in
// this run, as when `run --implementation` leaves them out. A failed or unsupported
// measurement is a row: that baseline was tried.
std::vector<std::string> unmeasured_baselines(const CheckRecord& check, const std::string& measure,
                                              const std::vector<MeasurementRecord>& measurements) {
  std::vector<std::string> missing;
  if (measure == "counter") return missing;  // judged on the candidate alone
  boost::system::error_code ec;
  const boost::json::value declared = boost::json::parse(check.implementations_json, ec);
  if (ec || !declared.is_array()) return missing;  // synthetic or pre-schema records
  const bool counter_baselines = measure == "counter-ratio" || measure == "counter-difference";
  for (const auto& entry : declared.as_array()) {
    if (!entry.is_object()) continue;
    const auto* name = entry.as_object().if_contains("name");
    const auto* role = entry.as_object().if_contains("role");
    if (!name || !role || !name->is_string() || !role->is_string()) continue;
    const std::string r(role->as_string());
    if (!(r == "library" || r == "own" || (counter_baselines && r == "baseline"))) continue;
    const std::string n(name->as_string());
    const bool seen = std::any_of(measurements.begin(), measurements.end(), [&](const MeasurementRecord& m) {
      return m.claim_id == check.claim_id && m.check_id == check.check_id && m.implementation == n;
    });
    if (!seen) missing.push_back(n);
  }
  return missing;
}

}  // namespace

VerdictSet compute_check_verdict(const ClaimRecord& claim, const CheckRecord& check,
                                 const std::vector<MeasurementRecord>& measurements) {
  VerdictSet out = judge_measured(claim, check, measurements);
  std::string measure = check.measure;
  if (measure.empty()) measure = claim.metric == "footprint-ratio" ? "footprint-ratio" : "time-ratio";
  const auto missing = unmeasured_baselines(check, measure, measurements);
  if (missing.empty()) return out;
  std::string names;
  for (const auto& n : missing) names += (names.empty() ? "" : ", ") + n;
  for (auto& v : out.verdicts) {
    if (v.state == "error" || v.state == "not-testable-here") continue;
    // A baseline left out can only be faster than the ones judged, so it could only lower the
    // measured ratio: an at-least verdict of not-reproduced stands, anything better is open.
    const bool stands = check.rule != "within" && v.state == "not-reproduced";
    if (!stands) v.state = "ambiguous";
    v.explanation += "; declared baselines not measured in this run (left out by a filter?): " + names +
                     (stands ? "" : ", so the verdict is ambiguous until they are");
  }
  return out;
}

namespace {

VerdictSet judge_measured(const ClaimRecord& claim, const CheckRecord& check,
                          const std::vector<MeasurementRecord>& measurements) {
  VerdictSet out;
  VerdictRecord v;
  v.run_id = check.run_id;
  v.claim_id = check.claim_id;
  v.check_id = check.check_id;
  v.check_kind = check.kind;
  v.metric = claim.metric;
  v.claimed_text = claim.claimed_text;
  v.evidence_kind = "measured";

  if (!check.testable) {
    v.state = "not-testable-here";
    v.explanation = check.not_testable_reason;
    out.verdicts.push_back(v);
    return out;
  }
  if (!check.pending.empty()) {
    v.state = "not-testable-here";
    v.explanation = "no implementation of this check is built yet: " + check.pending;
    out.verdicts.push_back(v);
    return out;
  }

  std::string measure = check.measure;
  if (measure.empty()) measure = claim.metric == "footprint-ratio" ? "footprint-ratio" : "time-ratio";
  const bool counter_measure = measure == "counter" || measure == "counter-ratio" || measure == "counter-difference";

  std::map<PairKey, Pair> pairs;
  std::map<std::string, int> failures;  // status → count
  for (const auto& m : measurements) {
    if (m.claim_id != check.claim_id || m.check_id != check.check_id) continue;
    Pair& pair = pairs[{m.workload_id, m.threads}];
    if (m.status != "ok" || m.sample_seconds.empty() || m.median_s <= 0) {
      if (m.role == "candidate" || m.role == "library" || m.role == "own" || m.role == "baseline") {
        ++failures[m.implementation + " " + m.status];
        pair.failures.push_back(m.implementation + ": " + m.status);
      }
      continue;
    }
    if (m.role == "candidate") {
      pair.candidate = &m;
      v.evidence_kind = m.evidence_kind;
    } else if (m.role == "library" || m.role == "own" || (counter_measure && m.role == "baseline")) {
      pair.baselines.push_back(&m);
    }
  }

  std::vector<std::pair<const MeasurementRecord*, const MeasurementRecord*>> strongest, own;
  std::map<std::string, int> strongest_count;
  int excluded = 0;
  for (const auto& [key, pair] : pairs) {
    if (counter_measure) {  // judged on counters below, not on time
      if (!pair.candidate) ++excluded;
      continue;
    }
    if (!pair.candidate || pair.baselines.empty()) {
      ++excluded;
      continue;
    }
    const MeasurementRecord* best = nullptr;
    const MeasurementRecord* best_own = nullptr;
    for (const auto* b : pair.baselines) {
      if (!best || b->median_s < best->median_s) best = b;
      if (b->role == "own" && (!best_own || b->median_s < best_own->median_s)) best_own = b;
    }
    for (const auto* b : pair.baselines) {
      SpeedupRecord s = pair_record(check, key, *pair.candidate, *b);
      s.strongest = b == best;
      const auto interval = aggregate_interval({{pair.candidate, b}}, "median", check.confidence,
                                               stable_seed(check.claim_id + "/" + check.check_id + "/" + key.workload +
                                                           "/" + std::to_string(key.threads) + "/" + b->implementation));
      s.ratio = interval.point;
      s.ci_low = interval.low;
      s.ci_high = interval.high;
      out.speedups.push_back(s);
    }
    strongest.emplace_back(pair.candidate, best);
    ++strongest_count[best->implementation];
    if (best_own) own.emplace_back(pair.candidate, best_own);
  }

  v.pairs = static_cast<int>(strongest.size());
  std::string excluded_text;
  if (excluded > 0) {
    excluded_text = "; " + std::to_string(excluded) + " of " + std::to_string(pairs.size()) +
                    " workload×thread pairs excluded (";
    bool first = true;
    for (const auto& [what, count] : failures) {
      excluded_text += (first ? "" : ", ") + what + " ×" + std::to_string(count);
      first = false;
    }
    if (failures.empty()) excluded_text += "missing measurements";
    excluded_text += ")";
  }
  if (strongest.empty() && !counter_measure) {
    v.state = "error";
    v.explanation = pairs.empty() ? "no measurements were stored for this check"
                                  : "no workload has both a correct candidate and a correct dense baseline" + excluded_text;
    out.verdicts.push_back(v);
    return out;
  }

  auto judge = [&](double low, double high) {
    return check.rule == "within"
               ? verdict_state_within(low, high, check.target, check.tolerance, check.partial_tolerance)
               : verdict_state(low, high, check.threshold, check.partial_threshold);
  };
  // Ratios read as "2×"; a counter or a difference is a plain number.
  const std::string times = measure == "counter" || measure == "counter-difference" ? "" : "×";
  const std::string rule_text =
      check.rule == "within"
          ? "reproduced needs " + format(check.target) + " ± " + format(check.tolerance) + ", partial ± " +
                format(check.partial_tolerance)
          : "reproduced needs ≥ " + format(check.threshold) + times + ", partial ≥ " + format(check.partial_threshold) +
                times;

  if (counter_measure) {
    const std::string& name = check.counter;
    std::vector<double> points, lows, highs;
    std::map<std::string, int> chosen_count;
    int missing = 0;
    for (const auto& [key, pair] : pairs) {
      if (!pair.candidate) continue;
      const CounterValue cand = read_counter(*pair.candidate, name);
      if (!cand.found) {
        ++missing;
        continue;
      }
      if (measure == "counter") {
        points.push_back(cand.value);
        lows.push_back(cand.low);
        highs.push_back(cand.high);
        continue;
      }
      // Against each baseline; the one that leaves the candidate the least advantage is judged.
      bool have = false;
      double best = 0, best_low = 0, best_high = 0;
      std::string best_name;
      for (const auto* b : pair.baselines) {
        const CounterValue base = read_counter(*b, name);
        if (!base.found) continue;
        double point, low, high;
        if (measure == "counter-difference") {
          point = cand.value - base.value;
          low = cand.low - base.high;
          high = cand.high - base.low;
        } else if (check.direction == "lower-is-better") {
          if (cand.value <= 0 || cand.low <= 0) continue;
          point = base.value / cand.value;
          low = base.low / cand.high;
          high = base.high / cand.low;
        } else {
          if (base.value <= 0 || base.low <= 0) continue;
          point = cand.value / base.value;
          low = cand.low / base.high;
          high = cand.high / base.low;
        }
        SpeedupRecord r = pair_record(check, key, *pair.candidate, *b);
        r.ratio = point;
        r.ci_low = low;
        r.ci_high = high;
        out.speedups.push_back(r);
        if (!have || point < best) {
          have = true;
          best = point;
          best_low = low;
          best_high = high;
          best_name = b->implementation;
        }
      }
      if (!have) {
        ++missing;
        continue;
      }
      for (auto it = out.speedups.rbegin(); it != out.speedups.rend() && it->workload_id == key.workload &&
                                            it->threads == key.threads;
           ++it)
        it->strongest = it->baseline == best_name;
      points.push_back(best);
      lows.push_back(best_low);
      highs.push_back(best_high);
      ++chosen_count[best_name];
    }
    std::string missing_text;
    if (missing > 0)
      missing_text = "; " + std::to_string(missing) + " workload×thread pairs lacked counter '" + name + "'" +
                     (measure == "counter" ? "" : " on the candidate or every baseline");
    if (points.empty()) {
      v.state = "error";
      v.explanation = "no correct measurement reported counter '" + name + "'" + missing_text + excluded_text;
      out.verdicts.push_back(v);
      return out;
    }
    v.measured = aggregate(check.aggregate, points);
    v.ci_low = aggregate(check.aggregate, lows);
    v.ci_high = aggregate(check.aggregate, highs);
    v.pairs = static_cast<int>(points.size());
    v.state = judge(v.ci_low, v.ci_high);
    for (const auto& [baseline, count] : chosen_count)
      v.baseline += (v.baseline.empty() ? "" : ", ") + baseline + " (" + std::to_string(count) + ")";
    const std::string what = measure == "counter" ? "the candidate's " + name
                             : measure == "counter-difference"
                                 ? name + " of the candidate minus the baseline's"
                                 : (check.direction == "lower-is-better" ? name + " of the baseline / the candidate's"
                                                                          : name + " of the candidate / the baseline's");
    const bool exact = v.ci_low == v.measured && v.ci_high == v.measured;
    v.explanation = check.aggregate + " over " + std::to_string(points.size()) + " workload×thread pairs of " + what +
                    ": " + format(v.measured) +
                    (exact ? " (exact: the implementation reported no interval)"
                           : " (interval " + format(v.ci_low) + "–" + format(v.ci_high) + ")") +
                    "; " + rule_text + missing_text + excluded_text;
    out.verdicts.push_back(v);
    return out;
  }

  if (measure == "footprint-ratio") {
    // Exact: bytes of the stored formats, no sampling noise, so the interval is the point.
    std::vector<double> ratios;
    for (const auto& [key, pair] : pairs) {
      if (!pair.candidate || pair.baselines.empty()) continue;
      double dense_bytes = 0;
      for (const auto* b : pair.baselines)
        if (dense_bytes == 0 || b->operand_bytes < dense_bytes) dense_bytes = b->operand_bytes;
      if (dense_bytes > 0) ratios.push_back(pair.candidate->operand_bytes / dense_bytes);
    }
    if (ratios.empty()) {
      v.state = "error";
      v.explanation = "no pair reported the operand bytes of both the candidate and a dense baseline" + excluded_text;
      out.verdicts.push_back(v);
      return out;
    }
    v.measured = v.ci_low = v.ci_high = aggregate(check.aggregate, ratios);
    v.state = judge(v.measured, v.measured);
    v.baseline = "the smallest dense operand of each pair";
    v.explanation = check.aggregate + " over " + std::to_string(ratios.size()) +
                    " workload×thread pairs of the candidate's stored weight bytes / the dense weight bytes: " +
                    format(v.measured) + " (exact, from the stored format); " + rule_text + excluded_text;
    out.verdicts.push_back(v);
    return out;
  }

  const std::string seed_text = check.claim_id + "/" + check.check_id;
  const auto primary = aggregate_interval(strongest, check.aggregate, check.confidence, stable_seed(seed_text + "/strongest"));
  v.measured = primary.point;
  v.ci_low = primary.low;
  v.ci_high = primary.high;
  v.state = judge(primary.low, primary.high);
  for (const auto& [name, count] : strongest_count)
    v.baseline += (v.baseline.empty() ? "" : ", ") + name + " (" + std::to_string(count) + ")";
  if (!own.empty()) {
    const auto ownv = aggregate_interval(own, check.aggregate, check.confidence, stable_seed(seed_text + "/own"));
    v.own_measured = ownv.point;
    v.own_ci_low = ownv.low;
    v.own_ci_high = ownv.high;
    v.own_state = judge(ownv.low, ownv.high);
  }
  const int percent = static_cast<int>(std::lround(check.confidence * 100));
  v.explanation = check.aggregate + " over " + std::to_string(strongest.size()) +
                  " workload×thread pairs of the speedup against the strongest dense baseline: " + format(primary.point) +
                  "× (" + std::to_string(percent) + "% CI " + format(primary.low) + "–" + format(primary.high) +
                  "); " + rule_text + excluded_text;
  out.verdicts.push_back(v);
  return out;
}

}  // namespace

VerdictSet compute_verdicts(const Store& store, std::int64_t run_id) {
  VerdictSet out;
  const auto claims = store.claims(run_id);
  const auto checks = store.checks(run_id);
  const auto measurements = store.measurements(run_id);
  std::map<std::string, const ClaimRecord*> by_id;
  for (const auto& c : claims) by_id[c.claim_id] = &c;
  for (const auto& check : checks) {
    auto it = by_id.find(check.claim_id);
    if (it == by_id.end()) continue;
    auto one = compute_check_verdict(*it->second, check, measurements);
    out.verdicts.insert(out.verdicts.end(), one.verdicts.begin(), one.verdicts.end());
    out.speedups.insert(out.speedups.end(), one.speedups.begin(), one.speedups.end());
  }
  return out;
}

}  // namespace claimbench
