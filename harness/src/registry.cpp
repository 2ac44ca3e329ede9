#include "claimbench/registry.hpp"

#include <stdexcept>

namespace claimbench {

Registry& Registry::global() {
  static Registry registry;
  return registry;
}

void Registry::add(ImplementationFactory factory) { add_entry(std::move(factory), std::nullopt); }

void Registry::add(ImplementationFactory factory, const PluginSource& source) {
  add_entry(std::move(factory), source);
}

void Registry::add_task(TaskImplementationFactory factory) {
  if (!factory) throw std::invalid_argument("empty task implementation factory");
  auto probe = factory();
  if (!probe) throw std::invalid_argument("task implementation factory returned nothing");
  ImplementationInfo info = probe->info();
  if (info.task.empty() || info.task == "gemm")
    throw std::invalid_argument("task implementation '" + info.name + "' must name its workload kind in info().task");
  insert(std::move(info), nullptr, std::move(factory), std::nullopt);
}

void Registry::add_entry(ImplementationFactory factory, std::optional<PluginSource> source) {
  if (!factory) throw std::invalid_argument("empty implementation factory");
  auto probe = factory();
  if (!probe) throw std::invalid_argument("implementation factory returned nothing");
  ImplementationInfo info = probe->info();
  if (info.task != "gemm")
    throw std::invalid_argument("implementation '" + info.name + "' is a GEMM Implementation but names task '" +
                                info.task + "'");
  insert(std::move(info), std::move(factory), nullptr, std::move(source));
}

void Registry::insert(ImplementationInfo info, ImplementationFactory factory, TaskImplementationFactory task_factory,
                      std::optional<PluginSource> source) {
  if (info.name.empty()) throw std::invalid_argument("implementation without a name");
  if (source) info.origin = "plugin:" + source->file;
  else if (info.origin.empty()) info.origin = "built-in";
  if (auto it = entries_.find(info.name); it != entries_.end())
    throw std::invalid_argument("implementation name '" + info.name + "' is registered twice (first by " +
                                it->second.info.origin + ")");
  const std::string name = info.name;
  entries_.emplace(name, Entry{std::move(info), std::move(factory), std::move(task_factory), std::move(source)});
}

const PluginSource* Registry::plugin_source(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw std::out_of_range("unknown implementation '" + name + "'");
  return it->second.plugin ? &*it->second.plugin : nullptr;
}

bool Registry::contains(const std::string& name) const { return entries_.count(name) != 0; }

std::unique_ptr<Implementation> Registry::create(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw std::out_of_range("unknown implementation '" + name + "'");
  if (!it->second.factory)
    throw std::invalid_argument("'" + name + "' runs " + it->second.info.task + " workloads, not GEMMs");
  return it->second.factory();
}

std::unique_ptr<TaskImplementation> Registry::create_task(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw std::out_of_range("unknown implementation '" + name + "'");
  if (!it->second.task_factory) throw std::invalid_argument("'" + name + "' is a GEMM implementation, not a task one");
  return it->second.task_factory();
}

bool Registry::is_task(const std::string& name) const {
  auto it = entries_.find(name);
  return it != entries_.end() && static_cast<bool>(it->second.task_factory);
}

const ImplementationInfo& Registry::info(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw std::out_of_range("unknown implementation '" + name + "'");
  return it->second.info;
}

std::vector<ImplementationInfo> Registry::list() const {
  std::vector<ImplementationInfo> out;
  for (const auto& [name, entry] : entries_) out.push_back(entry.info);
  return out;
}

Registration::Registration(ImplementationFactory factory) { Registry::global().add(std::move(factory)); }
Registration::Registration(TaskImplementationFactory factory) { Registry::global().add_task(std::move(factory)); }

}  // namespace claimbench
