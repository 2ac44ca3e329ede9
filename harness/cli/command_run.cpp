#include <fnmatch.h>

#include <cstdio>

#include "claimbench/progress.hpp"
#include "claimbench/runner.hpp"
#include "cli.hpp"
#include "command_support.hpp"
#include "plugin_options.hpp"

namespace claimbench::cli {

int command_run(const std::vector<std::string>& arguments, const std::string& command_line) {
  po::options_description options("Options");
  std::string claims_dir, data_dir, db;
  RunOptions run;
  PluginSearch plugins;
  bool no_progress = false;
  options.add_options()("claims", po::value(&claims_dir)->default_value(default_claims_dir()), "claim folder")(
      "data", po::value(&data_dir)->default_value(default_data_dir()), "data folder (workloads/*.csv)")(
      "db", po::value(&db)->default_value("results.sqlite"), "results database (created or appended to)")(
      "claim", po::value(&run.filters.claims)->composing(), "only claims matching this id pattern (* ?), repeatable")(
      "implementation", po::value(&run.filters.implementations)->composing(),
      "only implementations matching this pattern, repeatable")(
      "workload", po::value(&run.filters.workloads)->composing(), "only workloads matching this pattern, repeatable")(
      "threads", po::value(&run.threads)->multitoken(), "thread counts, overriding the checks' lists")(
      "quick", po::bool_switch(&run.quick), "smoke run: quick workloads, first thread count, short timing")(
      "repetitions", po::value(&run.timing.repetitions)->default_value(10), "samples per measurement")(
      "min-time", po::value(&run.timing.min_time_s)->default_value(0.2), "minimum seconds per sample")(
      "warmup", po::value(&run.timing.warmup_s)->default_value(0.1), "warm-up seconds before the first sample")(
      "no-progress", po::bool_switch(&no_progress), "no progress line even on a terminal");
  add_plugin_options(options, plugins);
  po::variables_map vm;
  if (!parse_options(arguments, "Usage: claimbench run [options]\nMeasures every check of the selected claims.",
                     options, vm))
    return kExitOk;
  run.timing_explicit = run.quick || !vm["repetitions"].defaulted() || !vm["min-time"].defaulted();
  if (run.quick) {
    if (vm["repetitions"].defaulted()) run.timing.repetitions = 3;
    if (vm["min-time"].defaulted()) run.timing.min_time_s = 0.02;
    if (vm["warmup"].defaulted()) run.timing.warmup_s = 0.01;
  }
  if (run.timing.repetitions < 1) throw InputError("command line", 0, "--repetitions", "must be at least 1");
  if (run.timing.min_time_s <= 0) throw InputError("command line", 0, "--min-time", "must be positive");
  if (run.timing.warmup_s < 0) throw InputError("command line", 0, "--warmup", "must not be negative");
  for (int t : run.threads)
    if (t < 1) throw InputError("command line", 0, "--threads", "must be positive");

  load_requested_plugins(plugins);  // before the claims, which may name plugin implementations
  const auto project = load_project(claims_dir, data_dir);
  // A pattern that matches nothing is a typo, not a request for an empty run.
  for (const auto& name : run.filters.implementations) {
    bool any = false;
    for (const auto& info : Registry::global().list())
      any = any || fnmatch(name.c_str(), info.name.c_str(), 0) == 0;
    if (!any) throw InputError("command line", 0, "--implementation", "'" + name + "' matches no implementation");
  }
  for (const auto& pattern : run.filters.claims) {
    bool any = false;
    for (const auto& claim : project.claims) any = any || fnmatch(pattern.c_str(), claim.id.c_str(), 0) == 0;
    if (!any)
      throw InputError("command line", 0, "--claim",
                       "'" + pattern + "' matches no claim id in " + claims_dir + " (ids are in <claim id=...>)");
  }
  for (const auto& pattern : run.filters.workloads) {
    bool any = false;
    for (const auto* w : project.workloads.all()) any = any || fnmatch(pattern.c_str(), w->id.c_str(), 0) == 0;
    if (!any) throw InputError("command line", 0, "--workload", "'" + pattern + "' matches no workload id");
  }
  run.command_line = command_line;
  run.progress = !no_progress && Progress::stderr_is_terminal();
  auto store = open_store(db, false);
  const auto summary = run_claims(project.claims, project.workloads, Registry::global(), *store, run);

  std::printf("run %lld: %d measurements ok, %d failed correctness, %d errors, %d unsupported; %d verdicts in %s\n",
              static_cast<long long>(summary.run_id), summary.ok, summary.failed_correctness, summary.errors,
              summary.unsupported, summary.verdicts, db.c_str());
  for (const auto& v : store->verdicts(summary.run_id))
    std::printf("  %-40s %-22s %s\n", (v.claim_id + "/" + v.check_id).c_str(), v.state.c_str(),
                v.state == "not-testable-here" || v.state == "error" ? v.explanation.c_str() : "");
  return summary.failed_correctness + summary.errors > 0 ? kExitMeasurementFailed : kExitOk;
}

}  // namespace claimbench::cli
