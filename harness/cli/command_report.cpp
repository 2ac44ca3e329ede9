#include <cstdio>

#include "cli.hpp"
#include "command_support.hpp"
#include "report_writers.hpp"

namespace claimbench::cli {

int command_report(const std::vector<std::string>& arguments) {
  po::options_description options("Options");
  std::string db, out;
  options.add_options()("db", po::value(&db)->default_value("results.sqlite"), "results database")(
      "out", po::value(&out)->default_value("report"), "output folder")(
      "run", po::value<std::int64_t>(), "run id (default: the latest)")(
      "compare", po::value<std::vector<std::int64_t>>()->multitoken(),
      "RUN_A RUN_B: the two runs side by side (the report is of RUN_B unless --run is given)");
  po::variables_map vm;
  if (!parse_options(arguments,
                     "Usage: claimbench report [options]\nWrites index.html (self-contained: opens offline), "
                     "report.md, report.json, verdicts.csv, speedups.csv and measurements.csv from the database "
                     "alone; with --compare also compare.csv.",
                     options, vm))
    return kExitOk;
  auto store = open_store(db, true);
  std::optional<reports::Comparison> comparison;
  std::int64_t run_id = 0;
  if (vm.count("compare")) {
    const auto ids = vm["compare"].as<std::vector<std::int64_t>>();
    if (ids.size() != 2) throw InputError(db, 0, "--compare", "takes two run ids, RUN_A RUN_B");
    for (auto id : ids)
      if (!store->run(id)) throw InputError(db, 0, "--compare", "no run " + std::to_string(id) + " in this database");
    comparison = reports::compare_runs(reports::load_report_model(*store, ids[0]),
                                       reports::load_report_model(*store, ids[1]));
    run_id = vm.count("run") ? resolve_run(*store, vm, db) : ids[1];
  } else {
    run_id = resolve_run(*store, vm, db);
  }
  const auto model = reports::load_report_model(*store, run_id);
  const auto files = reports::write_all_reports(model, out, comparison ? &*comparison : nullptr);
  for (const auto& f : files) std::printf("wrote %s\n", f.c_str());
  return kExitOk;
}

}  // namespace claimbench::cli
