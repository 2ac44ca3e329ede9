#include "claimbench/registry.hpp"

#include <stdexcept>

namespace claimbench {

Registry& Registry::global() {
  static Registry registry;
  return registry;
}

void Registry::add(ImplementationFactory factory) {
  auto probe = factory();
  if (!probe) throw std::invalid_argument("implementation factory returned nothing");
  ImplementationInfo info = probe->info();
  if (info.name.empty()) throw std::invalid_argument("implementation without a name");
  if (entries_.count(info.name))
    throw std::invalid_argument("implementation name '" + info.name + "' is registered twice");
  const std::string name = info.name;
  entries_.emplace(name, Entry{std::move(info), std::move(factory)});
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
