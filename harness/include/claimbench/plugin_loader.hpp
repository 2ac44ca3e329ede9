// The host side of plugins (plugin.hpp is the plugin side): finds plugin files, loads them with
// dlopen, checks the descriptor, and adds their implementations to a registry with their
// origin and checksum. Every failure is an InputError naming the file (exit code 2).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace claimbench {

class Registry;

struct LoadedPlugin {
  std::string file;      // absolute, symlinks resolved
  std::string checksum;  // "sha256:<64 hex digits>" of the file as loaded
  std::string name, version;  // from the plugin's descriptor
  std::vector<std::string> implementations;
};

// Where plugins come from, in load order: every file named with --plugin, then the *.so files
// of each --plugin-dir folder (sorted by name), then each entry of CLAIMBENCH_PLUGIN_PATH (a
// ':'-separated list of files and folders, folders expanded the same way).
struct PluginSearch {
  std::vector<std::string> files;
  std::vector<std::string> folders;
  std::string environment_path;  // the value of CLAIMBENCH_PLUGIN_PATH, empty when unset
};

// The files `search` names. Throws InputError for a folder that does not exist.
std::vector<std::filesystem::path> plugin_files(const PluginSearch& search);

// Loads one plugin into `registry`. The library stays loaded for the life of the process. A
// file already loaded (after resolving symlinks) is not loaded again; its earlier record is
// returned. Throws InputError(file, 0, "--plugin", why) when the file cannot be loaded, has no
// entry point, was built for another interface or compiler ABI, registers nothing, or
// registers a name that is already taken.
LoadedPlugin load_plugin(const std::filesystem::path& file, Registry& registry);

// plugin_files(search), each loaded in order.
std::vector<LoadedPlugin> load_plugins(const PluginSearch& search, Registry& registry);

// Every plugin loaded so far in this process (also stored with each run's provenance).
const std::vector<LoadedPlugin>& loaded_plugins();

// "sha256:<hex>" of a file's contents. Throws std::runtime_error naming the file.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace claimbench
