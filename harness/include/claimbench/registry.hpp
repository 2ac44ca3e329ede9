// The implementation registry. Names are unique; `list implementations` and the claim
// loader read it. Registration happens at static-initialisation time through
// CLAIMBENCH_REGISTER_IMPLEMENTATION, so adapters must be linked as object files.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "claimbench/implementation.hpp"

namespace claimbench {

class Registry {
 public:
  static Registry& global();

  // Throws std::invalid_argument when the name is already taken.
  void add(ImplementationFactory factory);
  bool contains(const std::string& name) const;
  std::unique_ptr<Implementation> create(const std::string& name) const;  // throws if unknown
  const ImplementationInfo& info(const std::string& name) const;
  std::vector<ImplementationInfo> list() const;  // sorted by name

 private:
  struct Entry {
    ImplementationInfo info;
    ImplementationFactory factory;
  };
  std::map<std::string, Entry> entries_;
};

struct Registration {
  explicit Registration(ImplementationFactory factory);
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
