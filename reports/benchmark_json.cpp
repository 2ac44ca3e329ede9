// A run in Google Benchmark's JSON output format, so its tools (compare.py) can diff two
// runs: one "iteration" entry per stored sample, plus median/mean/stddev aggregates.
#include <boost/json.hpp>

#include "report_writers.hpp"

namespace claimbench::reports {

std::string benchmark_json(const ReportModel& model) {
  namespace json = boost::json;
  const auto& p = model.run.provenance;
  auto get = [&](const std::string& key) {
    auto it = p.find(key);
    return it == p.end() ? std::string() : it->second;
  };
  json::object context;
  context["date"] = model.run.started_at;
  context["host_name"] = get("host.name");
  context["executable"] = "claimbench";
  context["num_cpus"] = std::atoi(get("cpu.logical_cores").c_str());
  context["mhz_per_cpu"] = 0;
  context["cpu_scaling_enabled"] = false;
  context["caches"] = json::array();
  context["load_avg"] = json::array();
  context["library_build_type"] = get("build.type") == "Debug" ? "debug" : "release";
  context["claimbench_run_id"] = model.run.id;
  context["claimbench_commit"] = get("git.commit");
  context["claimbench_openblas_core"] = get("lib.openblas.corename");

  json::array benchmarks;
  std::int64_t family = 0;
  for (const auto& m : model.measurements) {
    if (m.status != "ok" || m.sample_seconds.empty()) continue;
    const std::string name = m.claim_id + "/" + m.check_id + "/" + m.implementation + "/" + m.workload_id +
                             "/threads:" + std::to_string(m.threads);
    const auto repetitions = static_cast<std::int64_t>(m.sample_seconds.size());
    for (std::size_t r = 0; r < m.sample_seconds.size(); ++r) {
      json::object b;
      b["name"] = name;
      b["family_index"] = family;
      b["per_family_instance_index"] = 0;
      b["run_name"] = name;
      b["run_type"] = "iteration";
      b["repetitions"] = repetitions;
      b["repetition_index"] = static_cast<std::int64_t>(r);
      b["threads"] = 1;
      b["iterations"] = r < m.sample_iterations.size() ? m.sample_iterations[r] : 1;
      b["real_time"] = m.sample_seconds[r] * 1e9;
      b["cpu_time"] = m.sample_seconds[r] * 1e9;
      b["time_unit"] = "ns";
      b["dense_equivalent_flops_per_second"] = m.dense_equivalent_flops / m.sample_seconds[r];
      b["kernel"] = m.kernel;
      benchmarks.push_back(std::move(b));
    }
    const std::pair<const char*, double> aggregates[] = {{"mean", m.mean_s}, {"median", m.median_s}, {"stddev", m.stddev_s}};
    for (const auto& [aggregate, seconds] : aggregates) {
      json::object b;
      b["name"] = name + "_" + aggregate;
      b["family_index"] = family;
      b["per_family_instance_index"] = 0;
      b["run_name"] = name;
      b["run_type"] = "aggregate";
      b["repetitions"] = repetitions;
      b["threads"] = 1;
      b["aggregate_name"] = aggregate;
      b["aggregate_unit"] = "time";
      b["iterations"] = repetitions;
      b["real_time"] = seconds * 1e9;
      b["cpu_time"] = seconds * 1e9;
      b["time_unit"] = "ns";
      benchmarks.push_back(std::move(b));
    }
    ++family;
  }
  json::object root;
  root["context"] = std::move(context);
  root["benchmarks"] = std::move(benchmarks);
  return json::serialize(root) + "\n";
}

}  // namespace claimbench::reports
