// A shared library that is not a claimbench plugin: it has no claimbench_plugin_entry.
extern "C" __attribute__((visibility("default"))) int not_a_claimbench_plugin() { return 42; }
