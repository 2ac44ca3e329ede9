#include "chart_data.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "text_format.hpp"

namespace claimbench::reports {

namespace json = boost::json;

namespace {

std::map<std::string, double> counters_of(const MeasurementRecord& m) {
  std::map<std::string, double> out;
  try {
    const json::value parsed = json::parse(m.counters_json.empty() ? "{}" : m.counters_json);
    if (!parsed.is_object()) return out;
    for (const auto& [key, value] : parsed.as_object())
      if (value.is_number()) out[std::string(key)] = value.to_number<double>();
  } catch (const std::exception&) {
  }
  return out;
}

bool has(const std::map<std::string, double>& c, const char* key) { return c.count(key) > 0; }

double get(const std::map<std::string, double>& c, const char* key, double fallback) {
  const auto it = c.find(key);
  return it == c.end() ? fallback : it->second;
}

std::string slug(const std::string& text) {
  std::string out;
  for (char ch : text) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  return out;
}

// (claim, check) → the technique of its candidate measurements.
std::map<std::pair<std::string, std::string>, std::string> check_techniques(const ReportModel& model) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  for (const auto& m : model.measurements)
    if (m.role == "candidate" && !m.technique.empty()) out.emplace(std::make_pair(m.claim_id, m.check_id), m.technique);
  return out;
}

bool in_technique(const std::map<std::pair<std::string, std::string>, std::string>& techniques, const std::string& claim,
                  const std::string& check, const std::string& technique) {
  const auto it = techniques.find({claim, check});
  return it != techniques.end() && it->second == technique;
}

std::string shape_text(const WorkloadRecord* w) {
  return w ? std::to_string(w->m) + "×" + std::to_string(w->n) + "×" + std::to_string(w->k) : "?";
}

std::string threads_text(int threads) { return std::to_string(threads) + (threads == 1 ? " thread" : " threads"); }

json::array strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::array pair(double a, double b) { return json::array{a, b}; }

// A log-scale domain around [low, high] that always contains `include` (e.g. speedup 1).
json::array log_domain(double low, double high, double include, double margin) {
  if (include > 0) {
    low = std::min(low, include);
    high = std::max(high, include);
  }
  if (!(low > 0)) low = high > 0 ? high / 10 : 0.1;
  if (!(high > low)) high = low * 2;
  return pair(low / margin, high * margin);
}

json::array ticks_within(const json::array& domain, const std::vector<double>& candidates) {
  const double lo = domain[0].as_double(), hi = domain[1].as_double();
  json::array out;
  for (double t : candidates)
    if (t >= lo && t <= hi) out.emplace_back(t);
  return out;
}

std::string interval(double point, double low, double high, const std::string& unit) {
  return significant(point) + unit + " [" + significant(low) + "–" + significant(high) + "]";
}

ChartBlock block(const std::string& technique, const std::string& kind, const std::string& heading) {
  ChartBlock b;
  b.id = "chart-" + slug(technique) + "-" + kind;
  b.heading = heading;
  b.data["type"] = kind;
  return b;
}

// Speedup against tokens, per shape. Reads: speedups rows with strongest = 1 (the candidate
// against the fastest dense baseline of the pair) of checks whose candidate measurements have
// this technique; workloads.n (tokens: the activation's N columns), m and k (the weight shape).
ChartBlock speedup_tokens(const ReportModel& model, const std::string& technique) {
  auto b = block(technique, "speedup-tokens", "Speedup against tokens, per shape");
  const auto techniques = check_techniques(model);
  std::set<std::string> checks;
  for (const auto& s : model.speedups)
    if (s.strongest && in_technique(techniques, s.claim_id, s.check_id, technique)) checks.insert(s.claim_id + "/" + s.check_id);
  std::vector<std::string> series;
  json::array rows;
  double low = 0, high = 0, xmin = 0, xmax = 0;
  std::set<double> xs;
  for (const auto& s : model.speedups) {
    if (!s.strongest || !in_technique(techniques, s.claim_id, s.check_id, technique)) continue;
    const auto* w = model.workload(s.workload_id);
    if (!w || w->n <= 0 || !(s.ratio > 0)) continue;
    std::string name = std::to_string(w->m) + "×" + std::to_string(w->k) + " " + w->layer + " · " + threads_text(s.threads);
    if (checks.size() > 1) name = s.check_id + ": " + name;
    if (std::find(series.begin(), series.end(), name) == series.end()) series.push_back(name);
    const double lo = s.ci_low > 0 ? s.ci_low : s.ratio, hi = s.ci_high > 0 ? s.ci_high : s.ratio;
    json::object r;
    r["series"] = name;
    r["x"] = w->n;
    r["y"] = s.ratio;
    r["low"] = lo;
    r["high"] = hi;
    r["tip"] = s.workload_id + " (" + shape_text(w) + "), " + threads_text(s.threads) + ": " +
               interval(s.ratio, lo, hi, "×") + " vs " + s.baseline + (s.ci_high < 1 ? " — slower than dense" : "");
    rows.push_back(std::move(r));
    low = rows.size() == 1 ? lo : std::min(low, lo);
    high = rows.size() == 1 ? hi : std::max(high, hi);
    xmin = rows.size() == 1 ? w->n : std::min(xmin, double(w->n));
    xmax = rows.size() == 1 ? w->n : std::max(xmax, double(w->n));
    xs.insert(w->n);
  }
  const double k = static_cast<double>(series.size());
  for (auto& r : rows) {
    auto& o = r.as_object();
    const auto index = std::find(series.begin(), series.end(), std::string(o["series"].as_string())) - series.begin();
    o["xoff"] = (static_cast<double>(index) - (k - 1) / 2) * 3.0;
  }
  b.points = rows.size();
  b.data["title"] = "Speedup of " + technique + " over the strongest dense baseline";
  b.data["rows"] = std::move(rows);
  b.data["series"] = strings(series);
  b.data["xdomain"] = pair(xmin / 1.5, xmax * 1.5);
  json::array xticks;
  for (double x : xs) xticks.emplace_back(x);
  b.data["xticks"] = std::move(xticks);
  b.data["ydomain"] = log_domain(low, high, 1.0, 1.2);
  b.data["yticks"] = ticks_within(b.data["ydomain"].as_array(), {0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4, 6, 8, 16});
  b.data["xtitle"] = "tokens (N: columns of the activation operand, log scale)";
  b.data["ytitle"] = "speedup ×, measured (log scale)";
  b.data["legend"] = "weight shape M×K, layer · threads";
  b.caption = "One point per workload and thread count: the candidate's median time against the fastest dense "
              "baseline measured in the same run, with its 95% bootstrap interval. Points under the dashed line "
              "are slower than dense; where a line crosses it is the crossover.";
  b.empty = "No speedup rows for " + technique + " in this run (no workload had both a correct candidate and a "
            "correct dense baseline). This chart reads the speedups table (strongest baseline) and each "
            "workload's N.";
  return b;
}

// Sparse against dense throughput. Reads: measurements with status ok of this technique's
// checks, every role except "context" (the scalar float64 oracle), dense-equivalent FLOPs and
// the median time with its interval.
ChartBlock throughput(const ReportModel& model, const std::string& technique) {
  auto b = block(technique, "throughput-shape", "Sparse against dense throughput, per shape");
  const auto techniques = check_techniques(model);
  std::vector<std::string> labels, series;
  std::map<std::string, std::string> roles;
  std::vector<const MeasurementRecord*> picked;
  std::set<std::string> checks;
  for (const auto& m : model.measurements)
    if (m.status == "ok" && m.role != "context" && m.median_s > 0 && in_technique(techniques, m.claim_id, m.check_id, technique)) {
      picked.push_back(&m);
      checks.insert(m.claim_id + "/" + m.check_id);
    }
  auto label_of = [&](const MeasurementRecord& m) {
    return (checks.size() > 1 ? m.check_id + ": " : "") + m.workload_id + " · " + std::to_string(m.threads) + "t";
  };
  for (const auto* m : picked) {
    const auto label = label_of(*m);
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
    const auto name = m->implementation + " (" + m->role + ")";
    if (std::find(series.begin(), series.end(), name) == series.end()) series.push_back(name);
  }
  json::array rows;
  double ymax = 0;
  for (const auto* m : picked) {
    const auto name = m->implementation + " (" + m->role + ")";
    const auto index = std::find(series.begin(), series.end(), name) - series.begin();
    const double g = gflops(m->dense_equivalent_flops, m->median_s);
    const double lo = m->median_ci_high_s > 0 ? gflops(m->dense_equivalent_flops, m->median_ci_high_s) : g;
    const double hi = m->median_ci_low_s > 0 ? gflops(m->dense_equivalent_flops, m->median_ci_low_s) : g;
    json::object r;
    r["label"] = label_of(*m);
    r["series"] = name;
    r["role"] = m->role;
    r["off"] = (static_cast<double>(index) + 0.5) / static_cast<double>(series.size());
    r["y"] = g;
    r["low"] = lo;
    r["high"] = hi;
    r["tip"] = m->implementation + " on " + m->workload_id + " (" + shape_text(model.workload(m->workload_id)) + "), " +
               threads_text(m->threads) + ": " + interval(g, lo, hi, " GFLOP/s") + "; kernel " + m->kernel;
    rows.push_back(std::move(r));
    ymax = std::max(ymax, hi);
  }
  b.points = rows.size();
  b.data["title"] = technique + " against the dense baselines: dense-equivalent GFLOP/s (measured)";
  b.data["rows"] = std::move(rows);
  b.data["labels"] = strings(labels);
  b.data["series"] = strings(series);
  b.data["ydomain"] = pair(0, ymax > 0 ? ymax * 1.05 : 1);
  b.data["xtitle"] = "workload · threads";
  b.data["ytitle"] = "GFLOP/s, dense-equivalent (2·M·N·K / median time)";
  b.data["legend"] = "implementation (role)";
  b.caption = "Dense-equivalent throughput counts the FLOPs of the dense product, so a sparse kernel that skips "
              "half the work shows its time advantage directly. Diamonds are the candidate; bars are 95% intervals.";
  b.empty = "No correct measurements of " + technique + " or its dense baselines in this run. This chart reads "
            "measurements with status ok (dense-equivalent FLOPs and median time).";
  return b;
}

double provenance_number(const ReportModel& model, const std::string& key) {
  const auto it = model.run.provenance.find(key);
  if (it == model.run.provenance.end()) return 0;
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

// Roofline. Reads: measurements with status ok, evidence kind measured, useful FLOPs and
// bytes moved (compulsory traffic) of this technique's checks; and the run's provenance keys
// machine.fp32_peak_gflops.{1t,2t} and machine.triad_gbs.{1t,2t} (harness/src/machine_limits.cpp).
ChartBlock roofline(const ReportModel& model, const std::string& technique) {
  auto b = block(technique, "roofline", "Roofline against this machine's measured limits");
  const auto techniques = check_techniques(model);
  std::vector<std::string> series;
  json::array rows;
  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
  for (const auto& m : model.measurements) {
    if (m.status != "ok" || m.evidence_kind != "measured" || !(m.useful_flops > 0) || !(m.bytes_moved > 0) ||
        !(m.median_s > 0) || !in_technique(techniques, m.claim_id, m.check_id, technique))
      continue;
    const double ai = m.useful_flops / m.bytes_moved;
    const double g = gflops(m.useful_flops, m.median_s);
    if (std::find(series.begin(), series.end(), m.implementation) == series.end()) series.push_back(m.implementation);
    json::object r;
    r["series"] = m.implementation;
    r["threads"] = m.threads;
    r["x"] = ai;
    r["y"] = g;
    r["tip"] = m.implementation + " on " + m.workload_id + ", " + threads_text(m.threads) + ": " + significant(g) +
               " useful GFLOP/s at " + significant(ai) + " FLOP/byte; kernel " + m.kernel;
    rows.push_back(std::move(r));
    xmin = rows.size() == 1 ? ai : std::min(xmin, ai);
    xmax = rows.size() == 1 ? ai : std::max(xmax, ai);
    ymin = rows.size() == 1 ? g : std::min(ymin, g);
    ymax = rows.size() == 1 ? g : std::max(ymax, g);
  }
  json::array roofs, labels;
  std::string limits_text;
  for (int t : {1, 2}) {
    const std::string suffix = "." + std::to_string(t) + "t";
    const double peak = provenance_number(model, "machine.fp32_peak_gflops" + suffix);
    const double bw = provenance_number(model, "machine.triad_gbs" + suffix);
    if (!(peak > 0) || !(bw > 0)) continue;
    const double ridge = peak / bw;
    xmin = rows.empty() ? ridge / 10 : std::min(xmin, ridge);
    xmax = rows.empty() ? ridge * 10 : std::max(xmax, ridge);
    ymax = std::max(ymax, peak);
    ymin = rows.empty() ? peak / 100 : ymin;
    limits_text += (limits_text.empty() ? "" : "; ") + threads_text(t) + ": " + significant(peak, 4) + " GFLOP/s, " +
                   significant(bw, 3) + " GB/s";
  }
  const double x0 = xmin / 4, x1 = xmax * 4;
  for (int t : {1, 2}) {
    const std::string suffix = "." + std::to_string(t) + "t";
    const double peak = provenance_number(model, "machine.fp32_peak_gflops" + suffix);
    const double bw = provenance_number(model, "machine.triad_gbs" + suffix);
    if (!(peak > 0) || !(bw > 0)) continue;
    const double ridge = peak / bw;
    const std::string roof = threads_text(t);
    for (double x : {x0, std::clamp(ridge, x0, x1), x1}) {
      json::object p;
      p["roof"] = roof;
      p["x"] = x;
      p["y"] = std::min(peak, x * bw);
      p["dash"] = t > 1;
      roofs.push_back(std::move(p));
    }
    json::object label;
    label["x"] = x1;
    label["y"] = std::min(peak, x1 * bw);
    label["text"] = roof + ": " + significant(peak, 4) + " GFLOP/s fp32 peak, " + significant(bw, 3) + " GB/s triad";
    labels.push_back(std::move(label));
  }
  const double ylow = std::min(ymin, roofs.empty() ? ymin : x0 * provenance_number(model, "machine.triad_gbs.1t"));
  b.points = rows.size();
  b.data["title"] = "Roofline: " + technique + " and its baselines, fp32";
  b.data["rows"] = std::move(rows);
  b.data["series"] = strings(series);
  b.data["roofs"] = std::move(roofs);
  b.data["rooflabels"] = std::move(labels);
  b.data["xdomain"] = pair(x0, x1);
  b.data["ydomain"] = log_domain(ylow > 0 ? ylow : ymin, ymax, 0, 1.6);
  b.data["xtitle"] = "arithmetic intensity, useful FLOPs per byte of compulsory traffic (log)";
  b.data["ytitle"] = "useful GFLOP/s, measured (log)";
  b.data["legend"] = "implementation (circle: 1 thread, triangle: 2)";
  const auto status = model.run.provenance.find("machine.limits");
  b.caption = "Useful FLOPs count only the multiply-adds on kept weights. Roofs: " +
              (limits_text.empty()
                   ? std::string("none — this run stored no measured machine limits (machine.limits: ") +
                         (status == model.run.provenance.end() ? "absent, the run predates them" : status->second) +
                         "), so the points are drawn without a roof."
                   : "this machine's measured fp32 FMA peak and STREAM triad bandwidth, stored with the run (" +
                         limits_text + ").");
  b.empty = "No measured rows with useful FLOPs and bytes moved for " + technique + " in this run. This chart reads "
            "measurements (useful_flops, bytes_moved, median time) and the run's machine.* provenance keys.";
  return b;
}

// SNAP utilization against density. Reads: measurements with status ok of this technique
// whose counters carry utilization and weight_density (activation_density optional).
ChartBlock snap(const ReportModel& model, const std::string& technique) {
  auto b = block(technique, "snap-utilization", "SNAP utilization against density");
  std::vector<std::string> series;
  json::array rows;
  std::string kinds;
  for (const auto& m : model.measurements) {
    if (m.status != "ok" || m.technique != technique) continue;
    const auto c = counters_of(m);
    if (!has(c, counter::snap_utilization) || !has(c, counter::weight_density)) continue;
    const double act = get(c, counter::activation_density, -1);
    const std::string name = m.implementation + (act >= 0 ? " · activations " + fixed(act * 100, 0) + "%" : "");
    if (std::find(series.begin(), series.end(), name) == series.end()) series.push_back(name);
    if (kinds.find(m.evidence_kind) == std::string::npos) kinds += (kinds.empty() ? "" : ", ") + m.evidence_kind;
    json::object r;
    r["series"] = name;
    r["x"] = get(c, counter::weight_density, 0);
    r["y"] = get(c, counter::snap_utilization, 0);
    r["tip"] = m.implementation + " on " + m.workload_id + ": utilization " + fixed(r["y"].as_double() * 100, 1) +
               "% at weight density " + fixed(r["x"].as_double() * 100, 1) + "% (" + m.evidence_kind + ")";
    rows.push_back(std::move(r));
  }
  b.points = rows.size();
  b.data["title"] = "SNAP PE utilization against weight density (" + (kinds.empty() ? "simulated" : kinds) + ")";
  b.data["rows"] = std::move(rows);
  b.data["series"] = strings(series);
  b.data["xtitle"] = "weight density (nonzero fraction)";
  b.data["ytitle"] = "PE utilization (" + (kinds.empty() ? std::string("simulated") : kinds) + ")";
  b.data["legend"] = "implementation · activation density";
  b.caption = "Each point is one simulated layer; the evidence kind is named in the axis title and never mixed "
              "with measured numbers.";
  b.empty = "No rows yet for " + technique + ": this chart reads measurements whose counters carry `" +
            std::string(counter::snap_utilization) + "` and `" + counter::weight_density + "` (optionally `" +
            counter::activation_density + "`), as a SNAP simulator reports them.";
  return b;
}

// Accuracy against sparsity per granularity. Reads: measurements with status ok of this
// technique whose counters carry accuracy and sparsity (accuracy.ci_low/.ci_high optional); the
// granularity is the workload's pattern (2:4, unstructured, block...).
ChartBlock accuracy(const ReportModel& model, const std::string& technique) {
  auto b = block(technique, "accuracy-sparsity", "Accuracy against sparsity, per granularity");
  std::vector<std::string> series;
  json::array rows;
  double ymin = 1, ymax = 0;
  for (const auto& m : model.measurements) {
    if (m.status != "ok" || m.technique != technique) continue;
    const auto c = counters_of(m);
    if (!has(c, counter::accuracy) || !has(c, counter::sparsity)) continue;
    const auto* w = model.workload(m.workload_id);
    const std::string name = w && !w->pattern.empty() ? w->pattern : m.implementation;
    if (std::find(series.begin(), series.end(), name) == series.end()) series.push_back(name);
    const double a = get(c, counter::accuracy, 0);
    const double lo = get(c, counter::accuracy_ci_low, a), hi = get(c, counter::accuracy_ci_high, a);
    json::object r;
    r["series"] = name;
    r["x"] = get(c, counter::sparsity, 0);
    r["y"] = a;
    r["low"] = lo;
    r["high"] = hi;
    r["tip"] = m.implementation + " on " + m.workload_id + " (" + name + "): accuracy " + fixed(a * 100, 2) + "% [" +
               fixed(lo * 100, 2) + "–" + fixed(hi * 100, 2) + "] at sparsity " + fixed(r["x"].as_double() * 100, 0) + "%";
    rows.push_back(std::move(r));
    ymin = std::min(ymin, lo);
    ymax = std::max(ymax, hi);
  }
  b.points = rows.size();
  b.data["title"] = "Accuracy of " + technique + " against sparsity (measured)";
  b.data["rows"] = std::move(rows);
  b.data["series"] = strings(series);
  b.data["ydomain"] = pair(std::max(0.0, ymin - 0.02), std::min(1.0, ymax + 0.02));
  b.data["xtitle"] = "sparsity (fraction of zero weights)";
  b.data["ytitle"] = "accuracy";
  b.data["legend"] = "granularity (workload pattern)";
  b.caption = "One series per pruning granularity; bars are the stored accuracy intervals.";
  b.empty = "No rows yet for " + technique + ": this chart reads measurements whose counters carry `" +
            std::string(counter::accuracy) + "` and `" + counter::sparsity + "` (optionally `" +
            counter::accuracy_ci_low + "`/`" + counter::accuracy_ci_high + "`), grouped by the workload's pattern.";
  return b;
}

// Accuracy–speed–energy. Reads: candidate measurements with status ok of this technique whose
// counters carry accuracy and modeled_energy_j (intervals optional), joined to the speedups row
// (strongest baseline) of the same claim, check, workload and threads.
ChartBlock tradeoff(const ReportModel& model, const std::string& technique) {
  auto b = block(technique, "tradeoff", "Accuracy, speed and energy together");
  std::vector<std::string> series;
  json::array rows;
  double xlo = 0, xhi = 0, ylo = 1, yhi = 0, elo = 0, ehi = 0;
  for (const auto& m : model.measurements) {
    if (m.status != "ok" || m.role != "candidate" || m.technique != technique) continue;
    const auto c = counters_of(m);
    if (!has(c, counter::accuracy) || !has(c, counter::modeled_energy_j)) continue;
    const SpeedupRecord* s = nullptr;
    for (const auto& x : model.speedups)
      if (x.strongest && x.claim_id == m.claim_id && x.check_id == m.check_id && x.workload_id == m.workload_id &&
          x.threads == m.threads)
        s = &x;
    if (!s || !(s->ratio > 0)) continue;
    const std::string name = m.implementation;
    if (std::find(series.begin(), series.end(), name) == series.end()) series.push_back(name);
    const double a = get(c, counter::accuracy, 0), e = get(c, counter::modeled_energy_j, 0);
    json::object r;
    r["series"] = name;
    r["x"] = s->ratio;
    r["xlow"] = s->ci_low > 0 ? s->ci_low : s->ratio;
    r["xhigh"] = s->ci_high > 0 ? s->ci_high : s->ratio;
    r["y"] = a;
    r["ylow"] = get(c, counter::accuracy_ci_low, a);
    r["yhigh"] = get(c, counter::accuracy_ci_high, a);
    r["energy"] = e;
    r["tip"] = m.implementation + " on " + m.workload_id + ": speedup " +
               interval(s->ratio, r["xlow"].as_double(), r["xhigh"].as_double(), "×") + " (measured), accuracy " +
               fixed(a * 100, 2) + "% (measured), energy " +
               interval(e, get(c, counter::modeled_energy_j_low, e), get(c, counter::modeled_energy_j_high, e), " J") +
               " per inference (modeled)";
    const bool first = rows.empty();
    xlo = first ? r["xlow"].as_double() : std::min(xlo, r["xlow"].as_double());
    xhi = first ? r["xhigh"].as_double() : std::max(xhi, r["xhigh"].as_double());
    ylo = std::min(ylo, r["ylow"].as_double());
    yhi = std::max(yhi, r["yhigh"].as_double());
    elo = first ? e : std::min(elo, e);
    ehi = first ? e : std::max(ehi, e);
    rows.push_back(std::move(r));
  }
  b.points = rows.size();
  b.data["title"] = "Trade-off for " + technique + ": speedup × accuracy, area = energy per inference";
  b.data["rows"] = std::move(rows);
  b.data["series"] = strings(series);
  b.data["xdomain"] = log_domain(xlo, xhi, 1.0, 1.2);
  b.data["ydomain"] = pair(std::max(0.0, ylo - 0.02), std::min(1.0, yhi + 0.02));
  b.data["energydomain"] = pair(elo, ehi > elo ? ehi : elo + 1e-12);
  b.data["xtitle"] = "speedup × vs strongest dense, measured (log)";
  b.data["ytitle"] = "accuracy, measured";
  b.data["sizetitle"] = "energy per inference, J (modeled)";
  b.data["legend"] = "implementation";
  b.caption = "Each axis names its evidence kind: speed and accuracy are measured, energy is modeled from energy "
              "tables. Bars are 95% intervals; the dashed line is speedup = 1.";
  b.empty = "No rows yet for " + technique + ": this chart reads candidate measurements whose counters carry `" +
            std::string(counter::accuracy) + "` and `" + counter::modeled_energy_j + "` (optionally `" +
            counter::modeled_energy_j_low + "`/`" + counter::modeled_energy_j_high +
            "`), joined to the speedup against the strongest dense baseline.";
  return b;
}

}  // namespace

std::vector<std::string> report_techniques(const ReportModel& model) {
  std::set<std::string> out;
  for (const auto& m : model.measurements) {
    if (m.technique.empty()) continue;
    if (m.role == "candidate") {
      out.insert(m.technique);
      continue;
    }
    const auto c = counters_of(m);
    if (has(c, counter::snap_utilization) || has(c, counter::accuracy)) out.insert(m.technique);
  }
  return {out.begin(), out.end()};
}

std::vector<ChartBlock> technique_charts(const ReportModel& model, const std::string& technique) {
  return {speedup_tokens(model, technique), throughput(model, technique), roofline(model, technique),
          snap(model, technique),           accuracy(model, technique),   tradeoff(model, technique)};
}

// Reads: the comparison's rows with a decision (faster, slower, same): B/A median time and
// the interval from the two stored median intervals. At most 80 rows are drawn.
ChartBlock comparison_chart(const Comparison& c) {
  ChartBlock b;
  b.id = "chart-compare";
  b.heading = "Run " + std::to_string(c.b.id) + " against run " + std::to_string(c.a.id) + ": time ratio";
  b.data["type"] = "compare";
  json::array rows;
  std::vector<std::string> labels;
  double lo = 1, hi = 1;
  std::size_t decided = 0;
  std::set<std::string> checks;
  for (const auto& r : c.rows) checks.insert(r.claim_id + "/" + r.check_id);
  for (const auto& r : c.rows) {
    if (r.outcome != "faster" && r.outcome != "slower" && r.outcome != "same") continue;
    if (++decided > 80) continue;
    const std::string label = (checks.size() > 1 ? r.check_id + ": " : "") + r.implementation + " · " + r.workload_id +
                              " · " + std::to_string(r.threads) + "t";
    labels.push_back(label);
    json::object o;
    o["label"] = label;
    o["series"] = r.outcome;
    o["x"] = r.ratio;
    o["low"] = r.ratio_low;
    o["high"] = r.ratio_high;
    o["tip"] = label + ": B/A time " + interval(r.ratio, r.ratio_low, r.ratio_high, "") + ", B is " + r.outcome;
    lo = std::min(lo, r.ratio_low);
    hi = std::max(hi, r.ratio_high);
    rows.push_back(std::move(o));
  }
  b.points = rows.size();
  b.data["title"] = "Median time of run " + std::to_string(c.b.id) + " ÷ run " + std::to_string(c.a.id) +
                    " (left of 1: B faster)";
  b.data["rows"] = std::move(rows);
  b.data["labels"] = strings(labels);
  b.data["xdomain"] = log_domain(lo > 0 ? lo : 0.5, hi, 1.0, 1.15);
  b.data["xtitle"] = "B/A median time (log), bars: interval from the two 95% intervals";
  b.caption = decided > 80 ? "The first 80 of " + std::to_string(decided) + " decided rows are drawn; the table has all."
                           : "Every matched measurement with a decision is drawn.";
  b.empty = "No measurement could be compared: none is present, correct and sampled in both runs.";
  return b;
}

}  // namespace claimbench::reports
