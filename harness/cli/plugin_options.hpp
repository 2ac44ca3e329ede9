// --plugin and --plugin-dir, shared by `run` and `list`, and CLAIMBENCH_PLUGIN_PATH. Plugins are
// loaded before the claim files, because the claim loader checks implementation names
// against the registry.
#pragma once

#include <cstdlib>
#include <vector>

#include "claimbench/plugin_loader.hpp"
#include "claimbench/registry.hpp"
#include "command_support.hpp"

namespace claimbench::cli {

inline void add_plugin_options(po::options_description& options, PluginSearch& search) {
  options.add_options()("plugin", po::value(&search.files)->composing(),
                        "load implementations from this plugin library (.so), repeatable")(
      "plugin-dir", po::value(&search.folders)->composing(),
      "load every *.so in this folder as a plugin, repeatable (also: CLAIMBENCH_PLUGIN_PATH, ':'-separated "
      "files and folders)");
}

// Loads what the options and CLAIMBENCH_PLUGIN_PATH name into the global registry; a plugin
// that cannot be used throws InputError naming its file (exit code 2).
inline std::vector<LoadedPlugin> load_requested_plugins(PluginSearch search) {
  if (const char* env = std::getenv("CLAIMBENCH_PLUGIN_PATH")) search.environment_path = env;
  return load_plugins(search, Registry::global());
}

}  // namespace claimbench::cli
