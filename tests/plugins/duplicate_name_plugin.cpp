// A plugin that registers a built-in name (dense.own): refused, naming the file.
#include "common.hpp"

namespace {
void register_duplicate(claimbench::PluginHost& host) {
  host.add([] { return std::make_unique<test_plugins::Named>("test.plugin-unique-name"); });
  host.add([] { return std::make_unique<test_plugins::Named>("dense.own"); });
}
}  // namespace

CLAIMBENCH_PLUGIN("duplicate-name", "1", register_duplicate);
