#include <string>
#include <cstdio>

#include "cli.hpp"
#include "command_support.hpp"
#include "plugin_options.hpp"

namespace claimbench::cli {

int command_list(const std::vector<std::string>& arguments) {
  po::options_description options("Options");
  std::string what, claims_dir, data_dir;
  PluginSearch plugins;
  options.add_options()("what", po::value(&what), "claims, implementations or workloads")(
      "claims", po::value(&claims_dir)->default_value(default_claims_dir()), "claim folder")(
      "data", po::value(&data_dir)->default_value(default_data_dir()), "data folder");
  add_plugin_options(options, plugins);
  po::positional_options_description positional;
  positional.add("what", 1);
  po::variables_map vm;
  if (!parse_options(arguments, "Usage: claimbench list claims|implementations|workloads [options]", options, vm,
                     &positional))
    return kExitOk;
  load_requested_plugins(plugins);

  if (what == "implementations") {
    std::printf("%-34s %-14s %-6s %-24s %-9s %s\n", "name", "technique", "device", "precision", "evidence", "origin");
    for (const auto& i : Registry::global().list())
      std::printf("%-34s %-14s %-6s %-24s %-9s %s\n", i.name.c_str(), i.technique.c_str(), i.device.c_str(),
                  i.precision.c_str(), std::string(to_string(i.evidence)).c_str(), i.origin.c_str());
    return kExitOk;
  }
  if (what == "workloads") {
    const auto catalog = WorkloadCatalog::load(data_dir + "/workloads");
    std::printf("%-32s %-20s %6s %6s %6s %-7s %-5s %s\n", "id", "table", "M", "N", "K", "pattern", "quick", "layer");
    for (const auto* w : catalog.all()) {
      if (w->kind == "gemm") {
        std::printf("%-32s %-20s %6d %6d %6d %-7s %-5s %s\n", w->id.c_str(), w->table.c_str(), w->m, w->n, w->k,
                    w->pattern.c_str(), w->quick ? "yes" : "", w->layer.c_str());
        continue;
      }
      // A task's workload: its kind and its own columns in place of the GEMM shape.
      std::string columns;
      for (const auto& [name, value] : w->fields) columns += (columns.empty() ? "" : " ") + name + "=" + value;
      std::printf("%-32s %-20s %-28s %-5s %s  [%s]\n", w->id.c_str(), w->table.c_str(), ("kind " + w->kind).c_str(),
                  w->quick ? "yes" : "", w->layer.c_str(), columns.c_str());
    }
    return kExitOk;
  }
  if (what == "claims") {
    const auto project = load_project(claims_dir, data_dir);
    for (const auto& c : project.claims) {
      std::printf("%s  (%s)\n  %s\n  claimed: %s  [%s, %s]\n", c.id.c_str(), c.file.c_str(), c.title.c_str(),
                  c.claimed.text(c.unit).c_str(), c.source.kind.c_str(), c.source.reliability.c_str());
      for (const auto& check : c.checks)
        std::printf("  check %-28s %-8s %s\n", check.id.c_str(), std::string(to_string(check.kind)).c_str(),
                    check.pending.empty() ? "" : "(pending)");
    }
    return kExitOk;
  }
  throw InputError("command line", 0, "list", "expected claims, implementations or workloads, got '" + what + "'");
}

}  // namespace claimbench::cli
