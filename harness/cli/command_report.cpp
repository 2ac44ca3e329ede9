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
      "run", po::value<std::int64_t>(), "run id (default: the latest)");
  po::variables_map vm;
  if (!parse_options(arguments,
                     "Usage: claimbench report [options]\nWrites report.md, verdicts.csv, speedups.csv and "
                     "measurements.csv from the database alone.",
                     options, vm))
    return kExitOk;
  auto store = open_store(db, true);
  const std::int64_t run_id = resolve_run(*store, vm, db);
  const auto model = reports::load_report_model(*store, run_id);
  const auto files = reports::write_reports(model, out);
  for (const auto& f : files) std::printf("wrote %s\n", f.c_str());
  return kExitOk;
}

}  // namespace claimbench::cli
