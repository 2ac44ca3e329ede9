// The implementation registry. Names are unique; `list implementations` and the claim
// loader read it. Built-in implementations register at static-initialisation time through
// CLAIMBENCH_REGISTER_IMPLEMENTATION, so adapters must be linked as object files; plugin
// implementations are added by the plugin loader (plugin_loader.hpp) with their source file.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "claimbench/implementation.hpp"
#include "claimbench/task_implementation.hpp"

namespace claimbench {

// Where a plugin implementation came from: the absolute path of the shared library and its
// checksum ("sha256:<hex>"), recorded with every measurement it produces.
struct PluginSource {
  std::string file;
  std::string checksum;
};

class Registry {
 public:
  static Registry& global();

  // Throws std::invalid_argument when the name is already taken; the message names the
  // origin of the implementation that holds it.
  void add(ImplementationFactory factory);
  // A plugin implementation: its origin becomes "plugin:<file>", whatever info() says.
  void add(ImplementationFactory factory, const PluginSource& source);
  // A task implementation (task_implementation.hpp), under the same namespace of names.
  void add_task(TaskImplementationFactory factory);
  // The plugin an implementation came from; nullptr for a built-in one. Throws if unknown.
  const PluginSource* plugin_source(const std::string& name) const;
  bool contains(const std::string& name) const;
  std::unique_ptr<Implementation> create(const std::string& name) const;  // throws if unknown or a task
  std::unique_ptr<TaskImplementation> create_task(const std::string& name) const;  // throws if unknown or a GEMM one
  bool is_task(const std::string& name) const;  // false when unknown
  const ImplementationInfo& info(const std::string& name) const;
  std::vector<ImplementationInfo> list() const;  // sorted by name

 private:
  struct Entry {
    ImplementationInfo info;
    ImplementationFactory factory;
    TaskImplementationFactory task_factory;  // set instead of factory for a task implementation
    std::optional<PluginSource> plugin;
  };
  void add_entry(ImplementationFactory factory, std::optional<PluginSource> source);
  void insert(ImplementationInfo info, ImplementationFactory factory, TaskImplementationFactory task_factory,
              std::optional<PluginSource> source);
  std::map<std::string, Entry> entries_;
};

struct Registration {
  explicit Registration(ImplementationFactory factory);
  explicit Registration(TaskImplementationFactory factory);
};

}  // namespace claimbench

#define CLAIMBENCH_DETAIL_CONCAT2(a, b) a##b
#define CLAIMBENCH_DETAIL_CONCAT(a, b) CLAIMBENCH_DETAIL_CONCAT2(a, b)
// CLAIMBENCH_REGISTER_IMPLEMENTATION(MyGemm) or CLAIMBENCH_REGISTER_IMPLEMENTATION(MyGemm, ctor args...)
#define CLAIMBENCH_REGISTER_IMPLEMENTATION(Type, ...)                                       \
  static const ::claimbench::Registration CLAIMBENCH_DETAIL_CONCAT(claimbench_registration_, \
                                                                   __LINE__) {             \
    [] { return std::unique_ptr<::claimbench::Implementation>(new Type(__VA_ARGS__)); }    \
  }
// CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(SnapSimulator) or (..., ctor args...)
#define CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(Type, ...)                                    \
  static const ::claimbench::Registration CLAIMBENCH_DETAIL_CONCAT(claimbench_registration_,  \
                                                                   __LINE__) {              \
    ::claimbench::TaskImplementationFactory {                                               \
      [] { return std::unique_ptr<::claimbench::TaskImplementation>(new Type(__VA_ARGS__)); } \
    }                                                                                       \
  }
