// Pieces the subcommands share: option parsing with --help, opening the store and the
// project's claims and workloads with errors mapped to exit code 2.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "claimbench/claim_loader.hpp"
#include "claimbench/input_error.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/store.hpp"
#include "claimbench/workload.hpp"

namespace claimbench::cli {

namespace po = boost::program_options;

// Parses; returns false after printing help when --help was given.
inline bool parse_options(const std::vector<std::string>& arguments, const std::string& usage,
                          po::options_description& options, po::variables_map& vm,
                          const po::positional_options_description* positional = nullptr) {
  options.add_options()("help,h", "show this help");
  auto parser = po::command_line_parser(arguments).options(options);
  if (positional) parser.positional(*positional);
  po::store(parser.run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n" << options << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

inline std::unique_ptr<Store> open_store(const std::string& path, bool must_exist) {
  if (must_exist && !std::filesystem::exists(path)) throw InputError(path, 0, "--db", "no such database");
  try {
    return std::make_unique<Store>(path);
  } catch (const std::runtime_error& e) {
    throw InputError(path, 0, "--db", e.what());
  }
}

inline std::int64_t resolve_run(const Store& store, const po::variables_map& vm, const std::string& db) {
  if (vm.count("run")) {
    const auto id = vm["run"].as<std::int64_t>();
    if (!store.run(id)) throw InputError(db, 0, "--run", "no run " + std::to_string(id) + " in this database");
    return id;
  }
  const auto latest = store.latest_run_id();
  if (!latest) throw InputError(db, 0, "--db", "the database holds no runs yet (claimbench run --db " + db + ")");
  return *latest;
}

struct Project {
  WorkloadCatalog workloads;
  std::vector<Claim> claims;
};

inline Project load_project(const std::string& claims_dir, const std::string& data_dir) {
  Project p;
  p.workloads = WorkloadCatalog::load(data_dir + "/workloads");
  ClaimLoadContext context{&Registry::global(), &p.workloads};
  p.claims = load_claim_folder(claims_dir, context);
  return p;
}

}  // namespace claimbench::cli
