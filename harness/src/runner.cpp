#include "claimbench/runner.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>

#include "claimbench/correctness.hpp"
#include "claimbench/problem_data.hpp"
#include "claimbench/progress.hpp"
#include "claimbench/provenance.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/requirements.hpp"
#include "claimbench/statistics.hpp"
#include "claimbench/store.hpp"
#include "claimbench/store_artifact_cache.hpp"
#include "claimbench/verdict.hpp"
#include "claimbench/workload.hpp"

namespace claimbench {

namespace {

bool matches_any(const std::vector<std::string>& patterns, const std::string& text) {
  if (patterns.empty()) return true;
  for (const auto& p : patterns)
    if (fnmatch(p.c_str(), text.c_str(), 0) == 0) return true;
  return false;
}

std::string conditions_json(const Claim& claim) {
  boost::json::array a;
  for (const auto& c : claim.conditions) a.push_back(boost::json::object{{"name", c.name}, {"value", c.value}});
  return boost::json::serialize(a);
}

WorkloadRecord to_record(std::int64_t run_id, const Workload& w) {
  WorkloadRecord r;
  r.run_id = run_id;
  r.workload_id = w.id;
  r.table_name = w.table;
  r.model = w.model;
  r.layer = w.layer;
  r.m = w.m;
  r.n = w.n;
  r.k = w.k;
  r.batch = w.batch;
  r.sequence = w.sequence;
  r.pattern = w.pattern;
  r.precision = w.precision;
  r.distribution = w.distribution;
  r.seed = w.seed;
  r.source = w.source;
  r.kind = w.kind;
  boost::json::object fields;
  for (const auto& [name, value] : w.fields) fields[name] = value;
  r.fields_json = boost::json::serialize(fields);
  return r;
}

struct Item {
  const Claim* claim;
  const Check* check;
  const Workload* workload;
  int threads;
  const ImplementationRef* implementation;
};

// Which workloads a check measures in this run.
std::vector<const Workload*> select_workloads(const Check& check, const WorkloadCatalog& catalog,
                                              const RunOptions& options) {
  std::vector<const Workload*> all;
  if (!check.workload_table.empty()) all = catalog.table(check.workload_table);
  for (const auto& id : check.workload_ids)
    if (const auto* w = catalog.find(id)) all.push_back(w);
  // A workload named both by its table and by id is measured once.
  std::vector<const Workload*> unique;
  for (const auto* w : all)
    if (std::find(unique.begin(), unique.end(), w) == unique.end()) unique.push_back(w);
  all = std::move(unique);
  std::vector<const Workload*> chosen;
  for (const auto* w : all)
    if (options.filters.matches_workload(w->id) && (!options.quick || w->quick)) chosen.push_back(w);
  if (options.quick && chosen.empty()) {
    for (const auto* w : all)
      if (options.filters.matches_workload(w->id)) {
        chosen.push_back(w);
        break;
      }
  }
  return chosen;
}

std::string counters_json(const Counters& c) {
  boost::json::object o;
  for (const auto& [k, v] : c.extra) o[k] = v;
  return boost::json::serialize(o);
}

// The identity of a measurement: what ran where, before anything runs.
MeasurementRecord start_measurement(const Item& item, const Registry& registry, std::int64_t run_id) {
  MeasurementRecord m;
  m.run_id = run_id;
  m.claim_id = item.claim->id;
  m.check_id = item.check->id;
  m.implementation = item.implementation->name;
  m.role = std::string(to_string(item.implementation->role));
  m.workload_id = item.workload->id;
  m.threads = item.threads;
  m.started_at = utc_now_iso8601();
  const auto& info = registry.info(m.implementation);
  m.technique = info.technique;
  m.device = info.device;
  m.precision = info.precision;
  m.evidence_kind = std::string(to_string(info.evidence));
  m.origin = info.origin;
  if (const PluginSource* plugin = registry.plugin_source(m.implementation)) {
    m.plugin_file = plugin->file;
    m.plugin_checksum = plugin->checksum;
  }
  return m;
}

TimingOptions check_timing(const Item& item, const RunOptions& options) {
  TimingOptions timing_options = options.timing;
  if (!options.timing_explicit) {
    if (item.check->timing.repetitions > 0) timing_options.repetitions = item.check->timing.repetitions;
    if (item.check->timing.min_time_s > 0) timing_options.min_time_s = item.check->timing.min_time_s;
  }
  return timing_options;
}

void store_samples(MeasurementRecord& m, const TimingResult& timing, std::uint64_t seed) {
  m.sample_seconds = timing.seconds;
  m.sample_iterations = timing.iterations;
  const auto s = summarize(m.sample_seconds, 0.95, seed);
  m.median_s = s.median;
  m.mean_s = s.mean;
  m.stddev_s = s.stddev;
  m.min_s = s.min;
  m.max_s = s.max;
  m.median_ci_low_s = s.median_ci_low;
  m.median_ci_high_s = s.median_ci_high;
}

// A task (task_implementation.hpp): the same steps as a GEMM, with the task's own check in
// place of the GEMM oracle.
MeasurementRecord measure_task(const Item& item, const Registry& registry, const RunOptions& options,
                               std::int64_t run_id, ArtifactCache* cache) {
  MeasurementRecord m = start_measurement(item, registry, run_id);
  const ExecutionConfig config{item.threads, cache, options.quick};
  const std::uint64_t seed = stable_seed(m.claim_id + "/" + m.check_id + "/" + m.workload_id);
  auto finish = [&](std::string status, std::string detail) {
    m.status = std::move(status);
    m.detail = std::move(detail);
    m.finished_at = utc_now_iso8601();
    return m;
  };
  try {
    auto impl = registry.create_task(m.implementation);
    const Support support = impl->supports(*item.workload, config);
    if (!support.ok) return finish("unsupported", support.reason);
    const auto t0 = std::chrono::steady_clock::now();
    impl->prepare(*item.workload, config);
    m.prepare_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    impl->run();
    auto record_check = [&](const TaskCheckResult& result) {
      m.correctness_mode = result.mode;
      m.checked_elements = result.checked;
      m.max_error_ratio = result.max_error_ratio;
    };
    auto fill_counters = [&] {
      const Counters c = impl->counters();
      m.kernel = c.kernel;
      m.isa = c.isa;
      m.useful_flops = c.useful_flops;
      m.dense_equivalent_flops = c.dense_equivalent_flops;
      m.bytes_moved = c.bytes_moved;
      m.operand_bytes = c.operand_bytes;
      m.counters_json = counters_json(c);
    };
    TaskCheckResult checked = impl->check();
    record_check(checked);
    if (!checked.passed) {
      fill_counters();
      return finish("failed-correctness", checked.detail);
    }
    const std::string name = m.implementation + "/" + m.workload_id + "/threads:" + std::to_string(m.threads);
    const TimingResult timing = time_with_google_benchmark(name, [&] { impl->run(); }, check_timing(item, options));
    fill_counters();
    if (!timing.error.empty() || timing.seconds.empty())
      return finish("error", timing.error.empty() ? "the timing engine returned no samples" : timing.error);
    checked = impl->check();
    record_check(checked);
    if (!checked.passed) return finish("failed-correctness", "after timing: " + checked.detail);
    store_samples(m, timing, seed);
    return finish("ok", "");
  } catch (const std::exception& e) {
    return finish("error", e.what());
  }
}

MeasurementRecord measure(const Item& item, const ProblemData& data, const Registry& registry,
                          const RunOptions& options, std::int64_t run_id) {
  MeasurementRecord m = start_measurement(item, registry, run_id);
  m.dense_equivalent_flops = item.workload->dense_flops();

  const GemmProblem problem = data.problem();
  const ExecutionConfig config{item.threads};
  const std::uint64_t seed = stable_seed(m.claim_id + "/" + m.check_id + "/" + m.workload_id);
  try {
    auto impl = registry.create(m.implementation);
    const Support support = impl->supports(problem, config);
    if (!support.ok) {
      m.status = "unsupported";
      m.detail = support.reason;
      m.finished_at = utc_now_iso8601();
      return m;
    }
    const auto t0 = std::chrono::steady_clock::now();
    impl->prepare(problem, config);
    m.prepare_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    impl->run();
    // The gate checks the kernel on the operands it multiplied; the cost of any rounding or
    // quantization of those operands is recorded apart, against the fp32 operands.
    GemmProblem checked = problem;
    double epsilon = 1.1920928955078125e-07;
    if (const auto effective = impl->effective_operands()) {
      checked.A = effective->A;
      checked.lda = effective->lda;
      checked.B = effective->B;
      checked.ldb = effective->ldb;
      epsilon = effective->accumulation_epsilon;
    }
    auto correctness = check_gemm_result(checked, impl->result(), seed, 1 << 27, epsilon);
    auto fill_counters = [&] {
      const Counters c = impl->counters();
      m.kernel = c.kernel;
      m.isa = c.isa;
      m.useful_flops = c.useful_flops;
      if (c.dense_equivalent_flops > 0) m.dense_equivalent_flops = c.dense_equivalent_flops;
      m.bytes_moved = c.bytes_moved;
      m.operand_bytes = c.operand_bytes;
      Counters with_error = c;
      with_error.extra["relative_rms_error_vs_fp32_oracle"] = relative_rms_error(problem, impl->result(), seed);
      if (!data.pattern.is_dense()) {
        with_error.extra["workload.kept_magnitude_fraction"] = data.kept_magnitude_fraction;
        if (data.permuted)
          with_error.extra["workload.kept_magnitude_fraction_without_permutation"] = data.kept_magnitude_fraction_identity;
      }
      m.counters_json = counters_json(with_error);
    };
    // Counters (and the error against the fp32 oracle) are read once, from the output that
    // decided the measurement's status.
    m.correctness_mode = correctness.mode;
    m.checked_elements = correctness.checked;
    m.max_error_ratio = correctness.max_error_ratio;
    if (!correctness.passed) {
      fill_counters();
      m.status = "failed-correctness";
      m.detail = correctness.detail;
      m.finished_at = utc_now_iso8601();
      return m;
    }
    const std::string name = m.implementation + "/" + m.workload_id + "/threads:" + std::to_string(m.threads);
    const TimingResult timing = time_with_google_benchmark(name, [&] { impl->run(); }, check_timing(item, options));
    if (!timing.error.empty() || timing.seconds.empty()) {
      fill_counters();
      m.status = "error";
      m.detail = timing.error.empty() ? "the timing engine returned no samples" : timing.error;
      m.finished_at = utc_now_iso8601();
      return m;
    }
    // The output of the last timed run must still be right: catches races and state that
    // only breaks on repeated calls.
    correctness = check_gemm_result(checked, impl->result(), seed ^ 0x2545f4914f6cdd1dull, 1 << 27, epsilon);
    fill_counters();
    if (!correctness.passed) {
      m.status = "failed-correctness";
      m.detail = "after timing: " + correctness.detail;
      m.finished_at = utc_now_iso8601();
      return m;
    }
    store_samples(m, timing, seed);
    m.status = "ok";
  } catch (const std::exception& e) {
    m.status = "error";
    m.detail = e.what();
  }
  m.finished_at = utc_now_iso8601();
  return m;
}

}  // namespace

bool RunFilters::matches_claim(const std::string& id) const { return matches_any(claims, id); }
bool RunFilters::matches_implementation(const std::string& name) const { return matches_any(implementations, name); }
bool RunFilters::matches_workload(const std::string& id) const { return matches_any(workloads, id); }

ClaimRecord to_record(std::int64_t run_id, const Claim& claim) {
  ClaimRecord r;
  r.run_id = run_id;
  r.claim_id = claim.id;
  r.file = claim.file;
  r.content_hash = claim.content_hash;
  r.title = claim.title;
  r.source_kind = claim.source.kind;
  r.citation = claim.source.citation;
  r.url = claim.source.url;
  r.reliability = claim.source.reliability;
  r.statement = claim.statement;
  r.metric = claim.metric;
  r.unit = claim.unit;
  r.claimed_kind = std::string(to_string(claim.claimed.kind));
  r.claimed_value = claim.claimed.value;
  r.claimed_min = claim.claimed.min;
  r.claimed_max = claim.claimed.max;
  r.claimed_text = claim.claimed.text(claim.unit);
  r.conditions_json = conditions_json(claim);
  return r;
}

RunSummary run_claims(const std::vector<Claim>& claims, const WorkloadCatalog& catalog, const Registry& registry,
                      Store& store, const RunOptions& options) {
  RunSummary summary;
  const auto provenance = capture_provenance(options.command_line);
  summary.run_id = store.begin_run(options.command_line, provenance, utc_now_iso8601());
  const std::int64_t run_id = summary.run_id;

  try {
    std::vector<Item> items;
    std::map<std::string, const Workload*> used_workloads;
    for (const auto& claim : claims) {
      if (!options.filters.matches_claim(claim.id)) continue;
      store.record_claim(to_record(run_id, claim));
      for (const auto& check : claim.checks) {
        CheckRecord record;
        record.run_id = run_id;
        record.claim_id = claim.id;
        record.check_id = check.id;
        record.kind = std::string(to_string(check.kind));
        record.description = check.description;
        boost::json::array impls;
        for (const auto& ref : check.implementations)
          impls.push_back(boost::json::object{{"name", ref.name}, {"role", to_string(ref.role)}});
        record.implementations_json = boost::json::serialize(impls);
        record.aggregate = std::string(to_string(check.rule.aggregate));
        record.rule = check.rule.kind == VerdictRule::Kind::within ? "within" : "at-least";
        record.threshold = check.rule.threshold;
        record.partial_threshold = check.rule.partial_threshold;
        record.target = check.rule.target;
        record.tolerance = check.rule.tolerance;
        record.partial_tolerance = check.rule.partial_tolerance;
        record.confidence = check.rule.confidence;
        record.measure = std::string(to_string(check.rule.measure));
        record.counter = check.rule.counter;
        if (check.rule.measure == VerdictRule::Measure::counter_ratio)
          record.direction = check.rule.lower_is_better ? "lower-is-better" : "higher-is-better";
        for (const auto& r : check.requirements)
          record.requirements += (record.requirements.empty() ? "" : "; ") + r.kind + "=" + r.value;
        record.pending = check.pending;
        const auto requirement = evaluate_requirements(check.requirements);
        record.testable = requirement.met;
        record.not_testable_reason = requirement.reason;

        std::vector<int> threads;
        for (int t : options.threads.empty() ? check.threads : options.threads)
          if (std::find(threads.begin(), threads.end(), t) == threads.end()) threads.push_back(t);
        if (options.quick && threads.size() > 1) threads.resize(1);
        const auto workloads = select_workloads(check, catalog, options);
        boost::json::array wjson, tjson;
        for (const auto* w : workloads) wjson.push_back(boost::json::string(w->id));
        for (int t : threads) tjson.push_back(t);
        record.workloads_json = boost::json::serialize(wjson);
        record.threads_json = boost::json::serialize(tjson);
        if (!requirement.met || !check.pending.empty()) {
          store.record_check(record);
          continue;
        }
        // A check whose candidate the implementation filter leaves out has nothing to judge.
        const auto* candidate = check.candidate();
        if (candidate && !options.filters.matches_implementation(candidate->name)) continue;
        std::vector<Item> selected;
        for (const auto* w : workloads)
          for (int t : threads)
            for (const auto& ref : check.implementations)
              if (options.filters.matches_implementation(ref.name)) selected.push_back({&claim, &check, w, t, &ref});
        // A check the filters leave nothing of is not part of this run (no record, no verdict).
        if (selected.empty()) continue;
        store.record_check(record);
        for (const auto& item : selected) used_workloads[item.workload->id] = item.workload;
        items.insert(items.end(), selected.begin(), selected.end());
      }
    }
    for (const auto& [id, w] : used_workloads) store.record_workload(to_record(run_id, *w));

    Progress progress(static_cast<int>(items.size()), options.progress);
    std::map<std::string, MeasurementRecord> measured;
    std::unique_ptr<ProblemData> data;
    const Workload* data_for = nullptr;
    StoreArtifactCache cache(store);
    for (const auto& item : items) {
      progress.start_item(item.check->id + " · " + item.implementation->name + " · " + item.workload->id + " · " +
                          std::to_string(item.threads) + " thread" + (item.threads > 1 ? "s" : ""));
      // Two checks that name the same implementation, workload, threads and timing share one
      // measurement: measured once, stored for each check with a note.
      const std::string key = item.implementation->name + "|" + item.workload->id + "|" +
                              std::to_string(item.threads) + "|" + std::to_string(item.check->timing.repetitions) +
                              "|" + std::to_string(item.check->timing.min_time_s);
      if (auto it = measured.find(key); it != measured.end()) {
        MeasurementRecord copy = it->second;
        copy.claim_id = item.claim->id;
        copy.check_id = item.check->id;
        copy.role = std::string(to_string(item.implementation->role));
        const std::string note = "same samples as " + it->second.claim_id + "/" + it->second.check_id +
                                 " (measured once in this run)";
        copy.detail = copy.detail.empty() ? note : copy.detail + "; " + note;
        store.record_measurement(copy);
        if (copy.status == "ok") ++summary.ok;
        else if (copy.status == "unsupported") ++summary.unsupported;
        progress.finish_item();
        continue;  // failures were counted when first measured
      }
      MeasurementRecord m;
      if (item.workload->kind != "gemm") {
        m = measure_task(item, registry, options, run_id, &cache);
      } else {
        if (data_for != item.workload) {
          data.reset();  // free the previous operands before making the next
          data = std::make_unique<ProblemData>(make_problem_data(*item.workload));
          data_for = item.workload;
        }
        m = measure(item, *data, registry, options, run_id);
      }
      store.record_measurement(m);
      measured.emplace(key, m);
      if (m.status == "ok") ++summary.ok;
      else if (m.status == "failed-correctness") ++summary.failed_correctness;
      else if (m.status == "unsupported") ++summary.unsupported;
      else ++summary.errors;
      progress.finish_item();
    }
    progress.finish();

    const auto verdicts = compute_verdicts(store, run_id);
    store.replace_verdicts(run_id, verdicts.verdicts, verdicts.speedups);
    summary.verdicts = static_cast<int>(verdicts.verdicts.size());
    store.finish_run(run_id, "completed", utc_now_iso8601());
  } catch (...) {
    store.finish_run(run_id, "failed", utc_now_iso8601());
    throw;
  }
  return summary;
}

}  // namespace claimbench
