#include "claimbench/plugin_loader.hpp"

#include <dlfcn.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <stdexcept>

#include "claimbench/input_error.hpp"
#include "claimbench/plugin.hpp"
#include "claimbench/provenance.hpp"
#include "claimbench/registry.hpp"

namespace claimbench {

namespace {

std::vector<LoadedPlugin>& loaded() {
  static std::vector<LoadedPlugin> list;
  return list;
}

// The record of a file already loaded into this registry, if it was.
std::optional<LoadedPlugin> already_loaded(const std::string& file, const Registry& registry) {
  for (const auto& info : registry.list())
    if (const PluginSource* source = registry.plugin_source(info.name); source && source->file == file)
      for (const auto& p : loaded())
        if (p.file == file) return p;
  return std::nullopt;
}

// Run provenance: which plugins this process loaded, with their checksums.
std::map<std::string, std::string> plugin_provenance() {
  std::map<std::string, std::string> p;
  for (std::size_t i = 0; i < loaded().size(); ++i) {
    const auto& plugin = loaded()[i];
    const std::string key = "plugin." + std::to_string(i) + ".";
    p[key + "file"] = plugin.file;
    p[key + "checksum"] = plugin.checksum;
    p[key + "name"] = plugin.name;
    p[key + "version"] = plugin.version;
  }
  return p;
}

[[noreturn]] void refuse(const std::string& file, const std::string& why) {
  throw InputError(file, 0, "--plugin", why);
}

std::string text_or(const char* text, const char* fallback) { return text && *text ? text : fallback; }

// Refuses a descriptor that this host cannot use, before any C++ object crosses the boundary.
void check_descriptor(const std::string& file, const PluginDescriptor& d) {
  constexpr PluginDescriptor host = make_plugin_descriptor("", "", nullptr);
  if (d.magic != host.magic)
    refuse(file, "not a claimbench plugin: " CLAIMBENCH_PLUGIN_ENTRY_SYMBOL " returned a descriptor without the "
                 "claimbench magic number");
  if (d.descriptor_version != host.descriptor_version)
    refuse(file, "plugin descriptor version " + std::to_string(d.descriptor_version) + ", this claimbench reads " +
                     std::to_string(host.descriptor_version) + "; rebuild the plugin against this claimbench's headers");
  if (d.interface_version != host.interface_version)
    refuse(file, "built for plugin interface version " + std::to_string(d.interface_version) +
                     ", this claimbench has interface version " + std::to_string(host.interface_version) +
                     "; rebuild the plugin against this claimbench's headers");
  if (d.gxx_abi_version != host.gxx_abi_version || d.cxx11_abi != host.cxx11_abi)
    refuse(file, "built with another C++ ABI (__GXX_ABI_VERSION " + std::to_string(d.gxx_abi_version) +
                     ", _GLIBCXX_USE_CXX11_ABI " + std::to_string(d.cxx11_abi) + "; this claimbench: " +
                     std::to_string(host.gxx_abi_version) + ", " + std::to_string(host.cxx11_abi) +
                     "); rebuild it with a compatible compiler and standard library");
  const std::pair<const char*, std::pair<std::uint32_t, std::uint32_t>> sizes[] = {
      {"ImplementationInfo", {d.sizeof_implementation_info, host.sizeof_implementation_info}},
      {"GemmProblem", {d.sizeof_gemm_problem, host.sizeof_gemm_problem}},
      {"Counters", {d.sizeof_counters, host.sizeof_counters}},
      {"Support", {d.sizeof_support, host.sizeof_support}},
      {"ImplementationFactory", {d.sizeof_factory, host.sizeof_factory}}};
  for (const auto& [type, size] : sizes)
    if (size.first != size.second)
      refuse(file, std::string("claimbench::") + type + " is " + std::to_string(size.first) +
                       " bytes in the plugin and " + std::to_string(size.second) +
                       " here: it was built against other claimbench headers; rebuild it");
  if (!d.register_implementations) refuse(file, "the plugin descriptor has no register function");
}

class CollectingHost final : public PluginHost {
 public:
  void add(ImplementationFactory factory) override { factories.push_back(std::move(factory)); }
  std::vector<ImplementationFactory> factories;
};

}  // namespace

std::string sha256_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the file to checksum it");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw std::runtime_error(file.string() + ": read error while checksumming");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  std::string hex = "sha256:";
  char two[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(two, sizeof two, "%02x", digest[i]);
    hex += two;
  }
  return hex;
}

std::vector<std::filesystem::path> plugin_files(const PluginSearch& search) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  auto add_folder = [&](const fs::path& folder, const std::string& field) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) throw InputError(folder.string(), 0, field, "no such folder");
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(folder)) {
      const auto name = entry.path().filename().string();
      if (entry.is_regular_file() && name.size() > 3 && name.ends_with(".so")) found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  };
  for (const auto& f : search.files) out.emplace_back(f);
  for (const auto& d : search.folders) add_folder(d, "--plugin-dir");
  std::size_t start = 0;
  const std::string& env = search.environment_path;
  while (start <= env.size() && !env.empty()) {
    const auto end = env.find(':', start);
    const std::string entry = env.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!entry.empty()) {
      std::error_code ec;
      if (fs::is_directory(entry, ec)) add_folder(entry, "CLAIMBENCH_PLUGIN_PATH");
      else out.emplace_back(entry);
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

LoadedPlugin load_plugin(const std::filesystem::path& given, Registry& registry) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path absolute = fs::absolute(given, ec);
  const std::string shown = ec ? given.string() : absolute.string();
  if (!fs::exists(absolute, ec)) refuse(shown, "cannot load the plugin: no such file");
  const std::string file = fs::canonical(absolute).string();
  if (auto earlier = already_loaded(file, registry)) return *earlier;
  if (!fs::is_regular_file(file, ec)) refuse(file, "cannot load the plugin: not a regular file");

  LoadedPlugin plugin;
  plugin.file = file;
  try {
    plugin.checksum = sha256_file(file);
  } catch (const std::exception& e) {
    refuse(file, e.what());
  }
  // RTLD_LOCAL: the plugin's symbols stay its own and cannot interpose on the host's.
  // RTLD_NOW: a missing symbol fails here, with the loader's message, not mid-run.
  dlerror();
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) refuse(file, "cannot load the plugin library: " + text_or(dlerror(), "unknown dlopen error"));
  // From here on the library stays loaded, even when it is refused: its code may already have
  // run (static initialisers), and unloading C++ code is rarely safe.
  dlerror();
  auto entry = reinterpret_cast<claimbench_plugin_entry_function>(dlsym(handle, CLAIMBENCH_PLUGIN_ENTRY_SYMBOL));
  if (!entry)
    refuse(file, "not a claimbench plugin: it exports no " CLAIMBENCH_PLUGIN_ENTRY_SYMBOL
                 "() (define one with CLAIMBENCH_PLUGIN(...) from claimbench/plugin.hpp)");
  const PluginDescriptor* descriptor = entry();
  if (!descriptor) refuse(file, CLAIMBENCH_PLUGIN_ENTRY_SYMBOL "() returned no descriptor");
  check_descriptor(file, *descriptor);
  plugin.name = text_or(descriptor->name, "unnamed");
  plugin.version = text_or(descriptor->version, "");

  CollectingHost host;
  try {
    descriptor->register_implementations(host);
  } catch (const std::exception& e) {
    refuse(file, std::string("the plugin's register function failed: ") + e.what());
  } catch (...) {
    refuse(file, "the plugin's register function threw");
  }
  if (host.factories.empty()) refuse(file, "the plugin registers no implementations");

  // Check every name before adding any, so a refused plugin leaves the registry as it was.
  std::set<std::string> names;
  for (const auto& factory : host.factories) {
    std::string name;
    try {
      auto probe = factory ? factory() : nullptr;
      if (!probe) refuse(file, "an implementation factory returned nothing");
      name = probe->info().name;
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      refuse(file, std::string("creating one of its implementations failed: ") + e.what());
    }
    if (name.empty()) refuse(file, "an implementation has no name");
    if (!names.insert(name).second) refuse(file, "the plugin registers the implementation name '" + name + "' twice");
    if (registry.contains(name))
      refuse(file, "implementation name '" + name + "' is already taken by " + registry.info(name).origin);
    plugin.implementations.push_back(name);
  }
  const PluginSource source{file, plugin.checksum};
  for (auto& factory : host.factories) {
    try {
      registry.add(std::move(factory), source);
    } catch (const std::exception& e) {
      refuse(file, e.what());
    }
  }
  static const bool provenance_registered = (add_provenance_provider(&plugin_provenance), true);
  (void)provenance_registered;
  if (std::none_of(loaded().begin(), loaded().end(), [&](const LoadedPlugin& p) { return p.file == file; }))
    loaded().push_back(plugin);
  return plugin;
}

std::vector<LoadedPlugin> load_plugins(const PluginSearch& search, Registry& registry) {
  std::vector<LoadedPlugin> out;
  std::set<std::string> seen;
  for (const auto& file : plugin_files(search)) {
    auto plugin = load_plugin(file, registry);
    if (seen.insert(plugin.file).second) out.push_back(std::move(plugin));
  }
  return out;
}

const std::vector<LoadedPlugin>& loaded_plugins() { return loaded(); }

}  // namespace claimbench
