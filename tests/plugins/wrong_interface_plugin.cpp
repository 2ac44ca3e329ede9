// A plugin built for another plugin interface version: the host must refuse it before it
// calls anything in it.
#include "common.hpp"

namespace {
void register_nothing(claimbench::PluginHost& host) {
  host.add([] { return std::make_unique<test_plugins::Named>("test.wrong-interface"); });
}
}  // namespace

extern "C" __attribute__((visibility("default"))) const claimbench::PluginDescriptor* claimbench_plugin_entry() {
  static const claimbench::PluginDescriptor descriptor = [] {
    auto d = claimbench::make_plugin_descriptor("wrong-interface", "1", &register_nothing);
    d.interface_version = CLAIMBENCH_PLUGIN_INTERFACE_VERSION + 1;
    return d;
  }();
  return &descriptor;
}
