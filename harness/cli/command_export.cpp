#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "command_support.hpp"
#include "report_writers.hpp"

namespace claimbench::cli {

int command_export(const std::vector<std::string>& arguments) {
  po::options_description options("Options");
  std::string db, out;
  bool json = false;
  options.add_options()("json", po::bool_switch(&json), "Google Benchmark JSON (readable by its tools/compare.py)")(
      "db", po::value(&db)->default_value("results.sqlite"), "results database")(
      "run", po::value<std::int64_t>(), "run id (default: the latest)")(
      "out", po::value(&out), "output file (default: standard output)");
  po::variables_map vm;
  if (!parse_options(arguments, "Usage: claimbench export --json [options]", options, vm)) return kExitOk;
  if (!json) throw InputError("command line", 0, "export", "choose a format: --json");
  auto store = open_store(db, true);
  const std::int64_t run_id = resolve_run(*store, vm, db);
  const auto model = reports::load_report_model(*store, run_id);
  const std::string text = reports::benchmark_json(model);
  if (out.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(out, std::ios::binary);
    if (!file) throw InputError(out, 0, "--out", "cannot write the file");
    file << text;
  }
  return kExitOk;
}

}  // namespace claimbench::cli
