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

void Registry::add_entry(ImplementationFactory factory, std::optional<PluginSource> source) {
  if (!factory) throw std::invalid_argument("empty implementation factory");
  auto probe = factory();
  if (!probe) throw std::invalid_argument("implementation factory returned nothing");
  ImplementationInfo info = probe->info();
  if (info.name.empty()) throw std::invalid_argument("implementation without a name");
  if (source) info.origin = "plugin:" + source->file;
  else if (info.origin.empty()) info.origin = "built-in";
  if (auto it = entries_.find(info.name); it != entries_.end())
    throw std::invalid_argument("implementation name '" + info.name + "' is registered twice (first by " +
                                it->second.info.origin + ")");
  const std::string name = info.name;
  entries_.emplace(name, Entry{std::move(info), std::move(factory), std::move(source)});
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
  return it->second.factory();
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

}  // namespace claimbench
