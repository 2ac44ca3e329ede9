// The plugin interface: implementations that live outside the claimbench tree, in a shared
// library that `claimbench run --plugin libx.so` loads at run time.
//
// A plugin is headers-only on its side: it includes this file (and implementation.hpp through
// it), defines its Implementation classes and one CLAIMBENCH_PLUGIN(...) line, and links no
// claimbench library. The host hands it a PluginHost, an object whose virtual add() puts a
// factory into the host's own registry, so the plugin never touches (or carries a copy of)
// the registry singleton, and needs no symbol from the claimbench executable.
//
// The one exported symbol is the C function claimbench_plugin_entry(), which returns a
// PluginDescriptor. Its leading fields are plain integers that the host checks before it
// calls anything that passes a C++ object across the boundary:
//   magic, descriptor_version        is this a claimbench plugin, and can the host read the rest
//   interface_version                the C++ interface (implementation.hpp, this file)
//   gxx_abi_version, cxx11_abi       the compiler's C++ ABI and libstdc++'s std::string ABI
//   sizeof_*                         a layout guard on the types that cross the boundary
// Any mismatch is refused with a message naming the file; nothing from the plugin runs.
//
// Plugins are never unloaded: the registry holds their factories until the process exits.
#pragma once

#include <cstdint>

#include "claimbench/implementation.hpp"

// Bump when anything in implementation.hpp or in this file changes what crosses the boundary
// (a member, a virtual function, their order); plugins built against another value are refused.
#define CLAIMBENCH_PLUGIN_INTERFACE_VERSION 2
// The layout of PluginDescriptor up to and including interface_version never changes;
// descriptor_version covers the fields after it.
#define CLAIMBENCH_PLUGIN_DESCRIPTOR_VERSION 1
#define CLAIMBENCH_PLUGIN_MAGIC 0x43424e50u  // "CBNP"
#define CLAIMBENCH_PLUGIN_ENTRY_SYMBOL "claimbench_plugin_entry"

#if defined(__GXX_ABI_VERSION)
#define CLAIMBENCH_DETAIL_GXX_ABI_VERSION __GXX_ABI_VERSION
#else
#define CLAIMBENCH_DETAIL_GXX_ABI_VERSION 0
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define CLAIMBENCH_DETAIL_CXX11_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define CLAIMBENCH_DETAIL_CXX11_ABI 0
#endif

namespace claimbench {

// What the host lends a plugin while its register function runs. add() may be called any
// number of times; names must be unique across the built-in implementations and every plugin.
// The host stamps each implementation's origin ("plugin:/abs/path/libx.so") itself.
class PluginHost {
 public:
  virtual void add(ImplementationFactory factory) = 0;

 protected:
  ~PluginHost() = default;
};

using PluginRegisterFunction = void (*)(PluginHost& host);

struct PluginDescriptor {
  std::uint32_t magic;               // CLAIMBENCH_PLUGIN_MAGIC
  std::uint32_t descriptor_version;  // CLAIMBENCH_PLUGIN_DESCRIPTOR_VERSION
  std::uint32_t interface_version;   // CLAIMBENCH_PLUGIN_INTERFACE_VERSION
  std::uint32_t gxx_abi_version;     // __GXX_ABI_VERSION of the plugin's compiler
  std::uint32_t cxx11_abi;           // _GLIBCXX_USE_CXX11_ABI
  std::uint32_t sizeof_implementation_info;
  std::uint32_t sizeof_gemm_problem;
  std::uint32_t sizeof_counters;
  std::uint32_t sizeof_support;
  std::uint32_t sizeof_factory;
  const char* name;     // the plugin's own name, for messages: "acme-eigen"
  const char* version;  // the plugin's own version: "1.0"
  PluginRegisterFunction register_implementations;
};

// The descriptor as this translation unit's compiler sees the interface. The host compares
// the plugin's with its own.
constexpr PluginDescriptor make_plugin_descriptor(const char* name, const char* version,
                                                  PluginRegisterFunction register_implementations) {
  return PluginDescriptor{CLAIMBENCH_PLUGIN_MAGIC,
                          CLAIMBENCH_PLUGIN_DESCRIPTOR_VERSION,
                          CLAIMBENCH_PLUGIN_INTERFACE_VERSION,
                          static_cast<std::uint32_t>(CLAIMBENCH_DETAIL_GXX_ABI_VERSION),
                          static_cast<std::uint32_t>(CLAIMBENCH_DETAIL_CXX11_ABI),
                          static_cast<std::uint32_t>(sizeof(ImplementationInfo)),
                          static_cast<std::uint32_t>(sizeof(GemmProblem)),
                          static_cast<std::uint32_t>(sizeof(Counters)),
                          static_cast<std::uint32_t>(sizeof(Support)),
                          static_cast<std::uint32_t>(sizeof(ImplementationFactory)),
                          name,
                          version,
                          register_implementations};
}

}  // namespace claimbench

extern "C" {
using claimbench_plugin_entry_function = const claimbench::PluginDescriptor* (*)();
}

// One line per plugin, at namespace scope in one source file:
//   CLAIMBENCH_PLUGIN("acme-eigen", "1.0", register_acme);
// with `void register_acme(claimbench::PluginHost& host)` calling host.add(...) for each
// implementation. Defines the exported entry point; build the plugin with hidden visibility
// (claimbench_add_plugin() does) so that this is the only symbol it exports.
#define CLAIMBENCH_PLUGIN(plugin_name, plugin_version, register_function)                               \
  extern "C" __attribute__((visibility("default"))) const ::claimbench::PluginDescriptor*                \
  claimbench_plugin_entry() {                                                                          \
    static constexpr ::claimbench::PluginDescriptor descriptor =                                       \
        ::claimbench::make_plugin_descriptor(plugin_name, plugin_version, &register_function);         \
    return &descriptor;                                                                                \
  }                                                                                                    \
  static_assert(true, "")
