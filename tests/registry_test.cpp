// The implementation registry: every built-in implementation is there under its own name;
// names are unique; unknown names throw.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "claimbench/registry.hpp"
#include "dense/own_sgemm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "test_support.hpp"

using namespace claimbench;

namespace {

class Named final : public Implementation {
 public:
  explicit Named(std::string name) : name_(std::move(name)) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = name_;
    i.technique = "test";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override { return Support::yes(); }
  void prepare(const GemmProblem&, const ExecutionConfig&) override {}
  void run() override {}
  std::span<const float> result() const override { return {}; }
  Counters counters() const override { return {}; }

 private:
  std::string name_;
};

ImplementationFactory named(const std::string& name) {
  return [name] { return std::unique_ptr<Implementation>(new Named(name)); };
}

}  // namespace

TEST_CASE("every built-in implementation is registered", "[registry]") {
  const Registry& r = Registry::global();
  std::vector<std::string> expected{"dense.reference", "dense.own", "dense.openblas", "dense.onednn", "nm.2of4"};
  for (const auto& v : dense::own_sgemm_variants()) expected.push_back(std::string("dense.") + v.name);
  for (const auto& v : nm::sparse_gemm_nm_variants()) expected.push_back(v.name);
  CHECK(dense::own_sgemm_variants().size() >= 2);
  CHECK(nm::sparse_gemm_nm_variants().size() >= 4);
  for (const auto& name : expected) {
    INFO(name);
    CHECK(r.contains(name));
  }
  // The dense ones may serve as baselines, the oracle and the sparse ones may not.
  CHECK(r.info("dense.own").dense_baseline);
  CHECK(r.info("dense.openblas").dense_baseline);
  CHECK(r.info("dense.onednn").dense_baseline);
  CHECK_FALSE(r.info("dense.reference").dense_baseline);
  CHECK_FALSE(r.info("nm.2of4").dense_baseline);
  CHECK(r.info("nm.2of4").technique == "nm-structured");
  // The test implementation from test_support.cpp registered itself too.
  CHECK(r.contains(test::kWrongResultName));
}

TEST_CASE("list() is sorted, unique, and each name is its implementation's own", "[registry]") {
  const Registry& r = Registry::global();
  const auto list = r.list();
  REQUIRE(list.size() >= 5);
  std::vector<std::string> names;
  for (const auto& info : list) names.push_back(info.name);
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  for (const auto& info : list) {
    INFO(info.name);
    if (r.is_task(info.name)) {  // built-in task implementations (energy and roofline models)
      auto task = r.create_task(info.name);
      REQUIRE(task);
      CHECK(task->info().name == info.name);
      CHECK(task->info().task != "gemm");
    } else {
      auto impl = r.create(info.name);
      REQUIRE(impl);
      CHECK(impl->info().name == info.name);
    }
    CHECK(r.info(info.name).name == info.name);
    CHECK_FALSE(info.technique.empty());
    CHECK_FALSE(info.device.empty());
    CHECK_FALSE(info.precision.empty());
    CHECK_FALSE(info.origin.empty());
  }
}

TEST_CASE("a registry rejects duplicate names and unknown lookups", "[registry]") {
  Registry local;
  local.add(named("b.one"));
  local.add(named("a.two"));
  CHECK(local.contains("a.two"));
  CHECK_FALSE(local.contains("c"));
  CHECK_THROWS_AS(local.add(named("b.one")), std::invalid_argument);
  CHECK_THROWS_AS(local.add(named("")), std::invalid_argument);
  CHECK_THROWS_AS(local.add([] { return std::unique_ptr<Implementation>(); }), std::invalid_argument);
  CHECK_THROWS(local.create("nope"));
  CHECK_THROWS(local.info("nope"));
  const auto list = local.list();
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "a.two");
  CHECK(list[1].name == "b.one");
  CHECK(local.create("b.one")->info().name == "b.one");

  // The global registry refuses a second dense.own as well, and stays usable.
  CHECK_THROWS_AS(Registry::global().add(named("dense.own")), std::invalid_argument);
  CHECK_THROWS(Registry::global().create("no.such.implementation"));
  CHECK(Registry::global().create("dense.own")->info().name == "dense.own");
}
