// Workload tables, the parameter table, and the task adapters end to end (without the runner).
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "claimbench/input_error.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/workload.hpp"
#include "snap/snap_parameters.hpp"
#include "test_support.hpp"

using namespace claimbench;

namespace {
void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

const char* kHeader =
    "# kind: conv-layer\n# source: test\n"
    "id,model,layer,seed,quick,C,K,H,W,R,S,stride,pad,weight_density,activation_density,pattern,cluster_run\n";

std::unique_ptr<TaskImplementation> task(const std::string& name) { return Registry::global().create_task(name); }
}  // namespace

TEST_CASE("data/snap/parameters.csv lists every default of the model, with its provenance") {
  std::ifstream in(test::project_dir() / "data" / "snap" / "parameters.csv");
  REQUIRE(in);
  std::map<std::string, double> csv;
  std::map<std::string, std::string> provenance;
  bool header = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::stringstream ss(line);
    std::string name, value, prov;
    std::getline(ss, name, ',');
    std::getline(ss, value, ',');
    std::getline(ss, prov, ',');
    csv[name] = std::stod(value);
    provenance[name] = prov;
  }
  const snap::SnapParameters defaults;
  for (const auto& [name, value] : defaults.values()) {
    INFO(name);
    REQUIRE(csv.count(name) == 1);
    CHECK(csv[name] == value);
    CHECK((provenance[name] == "stated" || provenance[name] == "secondary" || provenance[name] == "assumed"));
  }
  CHECK(csv.size() == defaults.values().size());
}

TEST_CASE("the ResNet-50, VGG-16 and AlexNet layer tables load as conv-layer workloads") {
  const auto catalog = WorkloadCatalog::load(test::project_dir() / "data" / "workloads");
  const auto rn50 = catalog.table("resnet50-pruned-conv");
  CHECK(rn50.size() == 54);  // 53 convolutions and the FC
  CHECK(catalog.table("resnet50-pruned-conv-clustered").size() == 54);
  double dense = 0;
  for (const Workload* w : rn50) {
    REQUIRE(w->kind == "conv-layer");
    CHECK(w->field("pattern") == "uniform");
    const double ho = (w->field_int("H", 1) + 2 * w->field_int("pad", 0) - w->field_int("R", 1)) / w->field_int("stride", 1) + 1;
    dense += w->field_int("C", 1) * w->field_int("K", 1) * w->field_int("R", 1) * w->field_int("S", 1) * ho * ho;
  }
  CHECK(dense == Approx(4.09e9).epsilon(0.02));  // ResNet-50: about 4.1 G MACs per 224x224 image
  CHECK(catalog.table("vgg16-pruned-conv").size() == 16);
  CHECK(catalog.table("alexnet-pruned-conv").size() == 8);
  CHECK(catalog.table("snap-networks").size() == 6);
  CHECK(catalog.table("snap-sensitivity-density").size() == 2 * 49);
  CHECK(catalog.table("snap-sensitivity-matcher").size() == 2 * 18);
  CHECK(catalog.table("snap-sensitivity-buffers").size() == 2 * 54);
}

TEST_CASE("buffer columns of a conv-layer row turn the finite-buffer model on, and bad values are refused") {
  test::TempDir dir;
  const std::string header =
      "# kind: conv-layer\n# source: test\n"
      "id,model,layer,seed,quick,C,K,H,W,R,S,stride,pad,weight_density,activation_density,pattern,cluster_run,"
      "weight_buffer_bytes,activation_buffer_bytes,dram_bytes_per_cycle\n";
  // 1x1, C = 64, 10x10 input, all activations nonzero: the input is 100 x 64 x 22 bits = 17600 B.
  write(dir / "buf.csv", header +
                             "b.off,m,l,1,0,64,16,10,10,1,1,1,0,0.5,1.0,uniform,4,0,0,0\n"
                             "b.small,m,l,1,0,64,16,10,10,1,1,1,0,0.5,1.0,uniform,4,64,4096,1\n");
  const auto catalog = WorkloadCatalog::load(dir.path());
  std::map<std::string, std::map<std::string, double>> counters;
  for (const char* id : {"b.off", "b.small"}) {
    auto t = task("snap.sim");
    t->prepare(*catalog.find(id), ExecutionConfig{});
    t->run();
    const auto check = t->check();
    INFO(id << ": " << check.detail);
    CHECK(check.passed);  // slots = effectual + idle, DRAM stall included
    counters[id] = t->counters().extra;
  }
  CHECK(counters["b.off"].count("buffer.dram_read_bytes") == 0);
  CHECK(counters["b.off"].at("idle.dram_stall") == 0.0);
  CHECK(counters["b.small"].at("param.activation_buffer_bytes") == 4096);
  CHECK(counters["b.small"].at("buffer.max_activation_footprint_bytes") == 17600);
  CHECK(counters["b.small"].at("buffer.activation_refills") > 0);  // 64 B holds no filter pair: 4 tiles per core
  CHECK(counters["b.small"].at("buffer.refill_bytes") > 0);
  CHECK(counters["b.small"].at("idle.dram_stall") > 0.0);
  CHECK(counters["b.small"].at("utilization") < counters["b.off"].at("utilization"));

  write(dir / "buf.csv", header + "b.bad,m,l,1,0,64,16,10,10,1,1,1,0,0.5,1.0,uniform,4,0,0,-1\n");
  const auto bad = WorkloadCatalog::load(dir.path());
  try {
    task("snap.sim")->prepare(*bad.find("b.bad"), ExecutionConfig{});
    FAIL("a negative bandwidth was accepted");
  } catch (const InputError& e) {
    CHECK(e.field() == "dram_bytes_per_cycle");
  }
}

TEST_CASE("bad conv-layer rows are refused naming file, line and column") {
  test::TempDir dir;
  auto expect_error = [&](const std::string& row, const std::string& column) {
    write(dir / "bad.csv", std::string(kHeader) + row + "\n");
    const auto catalog = WorkloadCatalog::load(dir.path());
    const Workload* w = catalog.all().front();
    auto t = task("snap.sim");
    try {
      t->prepare(*w, ExecutionConfig{});
      FAIL("no error for " << row);
    } catch (const InputError& e) {
      CHECK(e.field().find(column) != std::string::npos);
      CHECK(e.line() == 4);
      CHECK(e.file().find("bad.csv") != std::string::npos);
    }
  };
  expect_error("a,m,l,1,0,8,4,7,7,3,3,1,1,1.5,0.5,uniform,4", "weight_density");
  expect_error("a,m,l,1,0,8,4,7,7,3,3,1,1,0.5,0,uniform,4", "activation_density");
  expect_error("a,m,l,1,0,8,4,7,7,3,3,1,1,0.5,0.5,zigzag,4", "pattern");
  expect_error("a,m,l,1,0,0,4,7,7,3,3,1,1,0.5,0.5,uniform,4", "C");
  expect_error("a,m,l,1,0,8,4,7,7,3,3,1,3,0.5,0.5,uniform,4", "pad");
  expect_error("a,m,l,1,0,8,4,7,7,3,3,x,1,0.5,0.5,uniform,4", "stride");
}

TEST_CASE("every cycle model runs a small layer and a small network through the task interface") {
  test::TempDir dir;
  write(dir / "tiny-conv.csv", std::string(kHeader) +
                                   "t.c1,tiny,c1,1,1,16,8,10,10,3,3,1,1,0.4,1.0,uniform,4\n"
                                   "t.c2,tiny,c2,2,1,32,16,10,10,1,1,1,0,0.3,0.5,uniform,4\n"
                                   "t.c2c,tiny,c2,2,1,32,16,10,10,1,1,1,0,0.3,0.5,clustered,4\n");
  write(dir / "tiny-net.csv", "# kind: conv-network\n# source: test\nid,model,layer,seed,quick,layers,pattern\n"
                              "n.tiny,tiny,all,1,1,tiny-conv,uniform\n");
  const auto catalog = WorkloadCatalog::load(dir.path());
  std::map<std::string, double> writebacks;
  for (const std::string base : {"snap.sim", "dense-array.sim", "ideal-sparse.sim", "scnn.sim"}) {
    for (const bool network : {false, true}) {
      auto t = task(base + (network ? ".network" : ""));
      CHECK(t->info().evidence == EvidenceKind::simulated);
      const Workload* w = catalog.find(network ? "n.tiny" : "t.c1");
      REQUIRE(t->supports(*w, ExecutionConfig{}).ok);
      t->prepare(*w, ExecutionConfig{});
      t->run();
      const auto check = t->check();
      INFO(base << (network ? ".network" : "") << ": " << check.detail);
      CHECK(check.passed);
      CHECK(check.checked > 0);
      const auto c = t->counters();
      CHECK(c.extra.at("utilization") > 0.0);
      CHECK(c.extra.at("utilization") <= 1.0);
      if (network) {
        CHECK(c.extra.at("frames_per_second") > 0.0);
        CHECK(c.extra.at("layers") == 2);
        writebacks[base] = c.extra.at("psum_writebacks");
      }
      if (base == "snap.sim") CHECK(c.extra.at("param.window_w") == 16);
    }
  }
  // Two-level reduction writes once per output; SCNN and the per-product machine once per product.
  CHECK(writebacks["scnn.sim"] == Approx(writebacks["ideal-sparse.sim"]));
  CHECK(writebacks["snap.sim"] == 8 * 100 + 16 * 100);
  CHECK(writebacks["scnn.sim"] > writebacks["snap.sim"]);
  auto wrong = task("snap.sim");
  CHECK_FALSE(wrong->supports(*catalog.find("n.tiny"), ExecutionConfig{}).ok);
}
