#include "report_fixture.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "claimbench/statistics.hpp"
#include "claimbench/store.hpp"

namespace claimbench::test {

namespace {

struct Shape {
  std::string id, layer;
  int m, n, k;
};

// Samples around `median` with ±1% deterministic jitter (splitmix64 through Bootstrap::next).
std::vector<double> jittered(double median, int count, std::uint64_t seed) {
  Bootstrap rng(seed);
  std::vector<double> out;
  for (int i = 0; i < count; ++i) {
    const double u = static_cast<double>(rng.next() % 10001) / 10000.0;  // 0..1
    out.push_back(median * (0.99 + 0.02 * u));
  }
  return out;
}

MeasurementRecord measurement(std::int64_t run, const std::string& claim, const std::string& check,
                              const std::string& impl, const std::string& role, const std::string& technique,
                              const std::string& evidence, const Shape& w, int threads, double median, int samples) {
  MeasurementRecord m;
  m.run_id = run;
  m.claim_id = claim;
  m.check_id = check;
  m.implementation = impl;
  m.role = role;
  m.workload_id = w.id;
  m.threads = threads;
  m.status = "ok";
  m.technique = technique;
  m.device = "cpu";
  m.precision = "fp32";
  m.evidence_kind = evidence;
  m.origin = "built-in";
  m.kernel = impl + (role == "candidate" ? ".3x128.avx512" : ".kernel");
  m.isa = "avx512";
  m.dense_equivalent_flops = 2.0 * w.m * w.n * w.k;
  m.useful_flops = role == "candidate" ? m.dense_equivalent_flops / 2 : m.dense_equivalent_flops;
  m.bytes_moved = 4.0 * (w.m * w.k / (role == "candidate" ? 2 : 1) + w.k * w.n + w.m * w.n);
  m.operand_bytes = 4.0 * w.m * w.k;
  m.correctness_mode = "full";
  m.checked_elements = static_cast<std::int64_t>(w.m) * w.n;
  m.max_error_ratio = 0.05;
  m.sample_seconds = jittered(median, samples, stable_seed(claim + check + impl + w.id + std::to_string(threads)));
  m.sample_iterations.assign(m.sample_seconds.size(), 10);
  const auto s = summarize(m.sample_seconds, 0.95, stable_seed(impl + w.id));
  m.median_s = s.median;
  m.mean_s = s.mean;
  m.stddev_s = s.stddev;
  m.min_s = s.min;
  m.max_s = s.max;
  m.median_ci_low_s = s.median_ci_low;
  m.median_ci_high_s = s.median_ci_high;
  m.counters_json = "{}";
  m.started_at = "2024-05-01T10:00:00Z";
  m.finished_at = "2024-05-01T10:00:01Z";
  return m;
}

std::int64_t one_run(Store& store, const SyntheticReportOptions& o, bool second, std::int64_t& samples) {
  std::map<std::string, std::string> provenance = {
      {"cpu.model", "Synthetic Xeon"}, {"cpu.logical_cores", "2"}, {"os.name", "Debian GNU/Linux 12 (bookworm)"},
      {"build.compiler", "GNU 12.2.0"}, {"build.type", "Release"}, {"git.commit", second ? "bbbbbbbb" : "aaaaaaaa"},
      {"git.dirty", "no"}, {"lib.openblas.corename", "SkylakeX"}, {"lib.openblas.coretype_source", "claimbench"},
      {"lib.openblas.config", "OpenBLAS 0.3.21 DYNAMIC_ARCH SkylakeX"}};
  if (o.machine_limits) {
    provenance["machine.limits"] = "measured";
    provenance["machine.fp32_peak_gflops.1t"] = "175.7";
    provenance["machine.fp32_peak_gflops.2t"] = "349.0";
    provenance["machine.fp32_peak_isa"] = "avx512";
    provenance["machine.triad_gbs.1t"] = "11.40";
    provenance["machine.triad_gbs.2t"] = "21.00";
  } else {
    provenance["machine.limits"] = "skipped (CLAIMBENCH_SKIP_MACHINE_LIMITS=1)";
  }
  const std::string started = second ? "2024-05-02T10:00:00Z" : "2024-05-01T10:00:00Z";
  const auto run = store.begin_run(second ? "claimbench run (synthetic B)" : "claimbench run (synthetic A)", provenance, started);

  ClaimRecord claim;
  claim.run_id = run;
  claim.claim_id = "synthetic-2of4";
  claim.file = "synthetic.xml";
  claim.title = "Synthetic 2:4 claim";
  claim.source_kind = "vendor-blog";
  claim.citation = "A synthetic source for the report tests";
  claim.reliability = "primary";
  claim.statement = "2:4 sparsity doubles throughput.";
  claim.metric = "speedup";
  claim.unit = "×";
  claim.claimed_kind = "up-to";
  claim.claimed_value = 2;
  claim.claimed_text = "up to 2×";
  claim.conditions_json = R"([{"name":"hardware","value":"a GPU <with> sparse tensor cores"},{"name":"pattern","value":"2:4"}])";
  store.record_claim(claim);
  CheckRecord check;
  check.run_id = run;
  check.claim_id = claim.claim_id;
  check.check_id = "analog";
  check.kind = "analog";
  check.description = "2:4 on this CPU";
  check.implementations_json = "[]";
  check.workloads_json = "[]";
  check.threads_json = "[1,2]";
  check.aggregate = "max";
  check.threshold = 1.8;
  check.partial_threshold = 1.2;
  store.record_check(check);
  CheckRecord literal = check;
  literal.check_id = "literal";
  literal.kind = "literal";
  literal.testable = false;
  literal.not_testable_reason = "needs a CUDA GPU";
  store.record_check(literal);

  std::vector<Shape> shapes = {{"syn.w0", "qkv", 768, 128, 768}, {"syn.w1", "qkv", 768, 512, 768},
                               {"syn.w2", "ffn", 3072, 128, 768}, {"syn.w3", "ffn", 3072, 512, 768}};
  for (int i = 0; i < o.extra_workloads; ++i)
    shapes.push_back({"syn.x" + std::to_string(i), "extra", 256 + 64 * (i % 8), 64 << (i % 4), 512});
  for (const auto& s : shapes) {
    WorkloadRecord w;
    w.run_id = run;
    w.workload_id = s.id;
    w.table_name = "synthetic";
    w.model = "synthetic";
    w.layer = s.layer;
    w.m = s.m;
    w.n = s.n;
    w.k = s.k;
    w.batch = 1;
    w.sequence = s.n;
    w.pattern = "2:4";
    w.precision = "fp32";
    w.distribution = "uniform";
    w.source = "synthetic";
    store.record_workload(w);
  }

  std::vector<SpeedupRecord> speedups;
  std::vector<MeasurementRecord> rows;
  for (std::size_t wi = 0; wi < shapes.size(); ++wi) {
    const auto& s = shapes[wi];
    for (int threads : {1, 2}) {
      const double dense = 2.0 * s.m * s.n * s.k / (threads * 100e9);
      // Speedups straddle 1: small N is slower than dense (the crossover), large N faster.
      const double speedup = s.n >= 512 ? 1.3 : 0.8;
      double cand = dense / speedup, blas = dense, own = dense * 1.2;
      if (second && wi == 0 && threads == 1) {
        cand *= 0.7;  // run B: faster
        blas *= 1.3;  // run B: slower
      }
      rows.push_back(measurement(run, claim.claim_id, "analog", "nm.2of4", "candidate", "nm-structured", "measured", s,
                                 threads, cand, o.samples));
      rows.push_back(measurement(run, claim.claim_id, "analog", "dense.openblas", "library", "dense", "measured", s,
                                 threads, blas, o.samples));
      rows.push_back(measurement(run, claim.claim_id, "analog", "dense.own", "own", "dense", "measured", s, threads,
                                 own, o.samples));
      const auto& c = rows[rows.size() - 3];
      const auto& b = rows[rows.size() - 2];
      const auto& d = rows[rows.size() - 1];
      for (const auto* base : {&b, &d}) {
        SpeedupRecord sp;
        sp.run_id = run;
        sp.claim_id = claim.claim_id;
        sp.check_id = "analog";
        sp.workload_id = s.id;
        sp.threads = threads;
        sp.candidate = "nm.2of4";
        sp.baseline = base->implementation;
        sp.baseline_role = base->role;
        sp.strongest = base == &b;
        sp.ratio = base->median_s / c.median_s;
        sp.ci_low = base->median_ci_low_s / c.median_ci_high_s;
        sp.ci_high = base->median_ci_high_s / c.median_ci_low_s;
        speedups.push_back(sp);
      }
    }
  }
  // A measurement that failed its correctness check: shown, never counted.
  auto failed = measurement(run, claim.claim_id, "analog", "nm.2of4.broken", "candidate", "nm-structured", "measured",
                            shapes[0], 1, 1e-3, 0);
  failed.status = "failed-correctness";
  failed.detail = "max error 40× the bound at (3, 7)";
  failed.sample_seconds.clear();
  failed.sample_iterations.clear();
  failed.median_s = failed.mean_s = failed.median_ci_low_s = failed.median_ci_high_s = 0;
  rows.push_back(failed);

  if (o.later_charts) {
    // SNAP simulator: utilization against weight density at two activation densities.
    for (double act : {0.5, 1.0})
      for (double density : {0.1, 0.3, 0.5, 0.7, 0.9}) {
        auto m = measurement(run, claim.claim_id, "snap-model", "snap.sim", "candidate", "snap", "simulated", shapes[0],
                             1, 1e-3, o.samples);
        m.workload_id = "syn.w0";
        char buffer[160];
        std::snprintf(buffer, sizeof buffer,
                      R"({"utilization":%.3f,"weight_density":%.2f,"activation_density":%.2f})",
                      0.2 + 0.7 * density * act, density, act);
        m.counters_json = buffer;
        m.sample_seconds = jittered(1e-3 * (1 + density), o.samples, stable_seed(buffer));
        rows.push_back(m);
      }
    // Pruned model: accuracy against sparsity, 2:4 and unstructured, with modeled energy.
    const Shape pruned[] = {{"syn.mnist.2of4", "mnist", 256, 64, 784}, {"syn.mnist.unstructured", "mnist", 256, 64, 784}};
    for (int g = 0; g < 2; ++g) {
      WorkloadRecord w;
      w.run_id = run;
      w.workload_id = pruned[g].id;
      w.table_name = "synthetic";
      w.model = "fashion-mnist";
      w.layer = "fc1";
      w.m = pruned[g].m;
      w.n = pruned[g].n;
      w.k = pruned[g].k;
      w.pattern = g == 0 ? "2:4" : "unstructured";
      w.precision = "fp32";
      w.distribution = "trained";
      w.source = "synthetic";
      store.record_workload(w);
      for (double sparsity : {0.0, 0.5, 0.75, 0.9}) {
        auto m = measurement(run, claim.claim_id, "accuracy", "prune." + w.pattern, "candidate", "pruning", "measured",
                             pruned[g], 1, 1e-4 * (1.1 - sparsity), o.samples);
        m.workload_id = pruned[g].id + (sparsity > 0 ? "" : "");
        const double acc = 0.90 - (g == 0 ? 0.02 : 0.05) * sparsity * sparsity * 4;
        char buffer[256];
        std::snprintf(buffer, sizeof buffer,
                      R"({"accuracy":%.4f,"accuracy.ci_low":%.4f,"accuracy.ci_high":%.4f,"sparsity":%.2f,"modeled_energy_j":%.6f,"modeled_energy_j.low":%.6f,"modeled_energy_j.high":%.6f})",
                      acc, acc - 0.006, acc + 0.006, sparsity, 2e-4 * (1.05 - sparsity), 1.8e-4 * (1.05 - sparsity),
                      2.2e-4 * (1.05 - sparsity));
        m.counters_json = buffer;
        // One workload per sparsity level would be more faithful; the check id keeps them apart here.
        m.check_id = "accuracy-s" + std::to_string(static_cast<int>(sparsity * 100));
        rows.push_back(m);
        SpeedupRecord sp;
        sp.run_id = run;
        sp.claim_id = claim.claim_id;
        sp.check_id = m.check_id;
        sp.workload_id = m.workload_id;
        sp.threads = 1;
        sp.candidate = m.implementation;
        sp.baseline = "dense.openblas";
        sp.baseline_role = "library";
        sp.strongest = true;
        sp.ratio = 1.0 / (1.1 - sparsity);
        sp.ci_low = sp.ratio * 0.95;
        sp.ci_high = sp.ratio * 1.05;
        speedups.push_back(sp);
      }
    }
  }
  for (auto& m : rows) {
    samples += static_cast<std::int64_t>(m.sample_seconds.size());
    store.record_measurement(m);
  }

  VerdictRecord v;
  v.run_id = run;
  v.claim_id = claim.claim_id;
  v.check_id = "analog";
  v.state = "not-reproduced";
  v.check_kind = "analog";
  v.evidence_kind = "measured";
  v.metric = "speedup";
  v.claimed_text = "up to 2×";
  v.measured = 1.3;
  v.ci_low = 1.28;
  v.ci_high = 1.32;
  v.baseline = "dense.openblas (8)";
  v.own_state = "partially-reproduced";
  v.own_measured = 1.56;
  v.own_ci_low = 1.5;
  v.own_ci_high = 1.6;
  v.pairs = 8;
  v.explanation = "max over 8 pairs: 1.3× (95% CI 1.28–1.32); reproduced needs ≥ 1.8×, partial ≥ 1.2× — below 1.2× on none";
  VerdictRecord lit;
  lit.run_id = run;
  lit.claim_id = claim.claim_id;
  lit.check_id = "literal";
  lit.state = "not-testable-here";
  lit.check_kind = "literal";
  lit.evidence_kind = "measured";
  lit.metric = "speedup";
  lit.claimed_text = "up to 2×";
  lit.explanation = "needs a CUDA GPU";
  VerdictRecord sim = v;
  sim.check_id = "snap-model";
  sim.check_kind = "model";
  sim.evidence_kind = "simulated";
  sim.state = "reproduced";
  sim.measured = 2.1;
  sim.ci_low = 2.0;
  sim.ci_high = 2.2;
  sim.own_state.clear();
  sim.explanation = "simulated utilization gain 2.1×";
  store.replace_verdicts(run, {v, lit, sim}, speedups);
  store.finish_run(run, "completed", second ? "2024-05-02T10:05:00Z" : "2024-05-01T10:05:00Z");
  return run;
}

}  // namespace

SyntheticReportDb make_synthetic_report_db(const std::filesystem::path& file, const SyntheticReportOptions& options) {
  Store store(file);
  SyntheticReportDb db;
  db.run_a = one_run(store, options, false, db.samples);
  if (options.second_run) db.run_b = one_run(store, options, true, db.samples);
  return db;
}

}  // namespace claimbench::test

// The unit-test binary links this file: its runs skip the ~1 s machine characterisation
// (harness/src/machine_limits.cpp) unless the caller set CLAIMBENCH_SKIP_MACHINE_LIMITS
// already; the skip is recorded in each run's provenance. The limits themselves are tested
// directly (report_html_test.cpp, "machine limits").
namespace {
const bool kSkipMachineLimits = [] { return setenv("CLAIMBENCH_SKIP_MACHINE_LIMITS", "1", 0) == 0; }();
}  // namespace
