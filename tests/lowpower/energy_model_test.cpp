// The energy model and its data: every constant in data/energy and data/roofline has a source
// and a process node; the embedded tables are the files; arithmetic on hand-computed cases;
// malformed files are refused naming file, line and column.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "energy/energy_model.hpp"
#include "energy/roofline.hpp"

using namespace claimbench::energy;

namespace {
std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
const std::filesystem::path kData = std::filesystem::path(CLAIMBENCH_PROJECT_DIR) / "data";
}  // namespace

TEST_CASE("every constant under data/energy and data/roofline names its source, process node and confidence") {
  int files = 0;
  for (const char* folder : {"energy", "roofline"})
    for (const auto& entry : std::filesystem::directory_iterator(kData / folder)) {
      if (entry.path().extension() != ".csv") continue;
      ++files;
      const std::string text = read(entry.path());
      // The loader refuses a row without them; check the raw columns too, so a file the model
      // does not load still fails here.
      const auto rows = parse_constants(text, entry.path().string(),
                                        std::string(folder) == "roofline" ? "peak_tops_dense"
                                        : text.find("energy_pj_per_bit") != std::string::npos ? "energy_pj_per_bit"
                                                                                              : "energy_pj");
      CHECK_FALSE(rows.empty());
      CHECK(text.find("# source:") != std::string::npos);
      for (const auto& r : rows) {
        INFO(entry.path().string() << ":" << r.line << " " << r.id);
        CHECK(r.source.size() > 10);
        CHECK_FALSE(r.process_node.empty());
        CHECK((r.confidence == "primary" || r.confidence == "secondary" || r.confidence == "estimate" ||
               r.confidence == "unverified" || r.confidence == "derived"));
      }
    }
  CHECK(files == 3);
}

TEST_CASE("a constant without a source or with a bad number is refused naming file, line and column") {
  const std::string header = "id,process_node,source,confidence,energy_pj\n";
  CHECK_THROWS_WITH(parse_constants(header + "mul.x,45 nm,,secondary,1\n", "f.csv", "energy_pj"),
                    Catch::Contains("f.csv:2") && Catch::Contains("'source'"));
  CHECK_THROWS_WITH(parse_constants("# c\n" + header + "mul.x,,src,secondary,1\n", "f.csv", "energy_pj"),
                    Catch::Contains("f.csv:3") && Catch::Contains("'process_node'"));
  CHECK_THROWS_WITH(parse_constants(header + "mul.x,45 nm,src,secondary,abc\n", "f.csv", "energy_pj"),
                    Catch::Contains("'energy_pj'") && Catch::Contains("abc"));
  CHECK_THROWS_WITH(parse_constants(header + "mul.x,45 nm,\"src,secondary,1\n", "f.csv", "energy_pj"),
                    Catch::Contains("unterminated quote"));
  CHECK_THROWS_WITH(parse_constants(header + "a,1,s,p,1\na,1,s,p,2\n", "f.csv", "energy_pj"), Catch::Contains("duplicate"));
  CHECK_THROWS_WITH(parse_constants("id,source,confidence,energy_pj\n", "f.csv", "energy_pj"),
                    Catch::Contains("process_node"));
  const auto ok = parse_constants(header + "mul.x,45 nm,\"a, quoted \"\"source\"\"\",secondary,1.5\n", "f.csv", "energy_pj");
  REQUIRE(ok.size() == 1);
  CHECK(ok[0].source == "a, quoted \"source\"");
  CHECK(ok[0].value == 1.5);
}

TEST_CASE("the embedded tables are the files in data/") {
  CHECK(std::string(builtin_operations_csv()) == read(kData / "energy" / "operations.csv"));
  CHECK(std::string(builtin_memory_csv()) == read(kData / "energy" / "memory.csv"));
  CHECK(std::string(builtin_roofline_csv()) == read(kData / "roofline" / "accelerators.csv"));
}

TEST_CASE("energy arithmetic on hand-computed cases (Horowitz 45 nm values)") {
  const EnergyModel& m = EnergyModel::builtin();
  CHECK(m.op_pj("mac.fp32") == Approx(3.7 + 0.9));
  CHECK(m.op_pj("mac.int8") == Approx(0.2 + 0.1));  // int8 multiply + int32 accumulate
  CHECK(m.op_pj("mac.fp16") == Approx(1.1 + 0.9));  // fp16 multiply + fp32 accumulate
  CHECK_THROWS_WITH(m.op_pj("mac.fp64"), Catch::Contains("mac.fp64"));
  CHECK_THROWS_WITH(m.op_pj("mul.fp128"), Catch::Contains("mul.fp128"));
  // 1e6 int8 MACs, 1000 bytes of DDR4 (20 pJ/bit), 4096 bytes of 8 KB SRAM (10 pJ / 64 bit):
  WorkProfile w;
  w.ops = {{"mac.int8", 1e6}, {"add.fp32", 10}};
  w.dram_bytes = 1000;
  w.sram_bytes = 4096;
  const EnergyEstimate e = m.estimate(w, "dram.ddr4");
  CHECK(e.compute_j == Approx(1e6 * 0.3e-12 + 10 * 0.9e-12));
  CHECK(e.dram_j == Approx(1000 * 8 * 20e-12));
  CHECK(e.sram_j == Approx(4096 / 8 * 10e-12));
  CHECK(e.total_j() == Approx(e.compute_j + e.dram_j + e.sram_j));
  // HBM3 at 3.9 pJ/bit: the same bytes cost 3.9/20 of DDR4.
  CHECK(m.estimate(w, "dram.hbm3").dram_j == Approx(e.dram_j * 3.9 / 20.0));
  // 2 ops per MAC: 2e6 ops / 1 µJ = 2 TOPS/W.
  CHECK(tops_per_watt(2e6, 1e-6) == Approx(2.0));
  CHECK(tops_per_watt(1.0, 0.0) == 0.0);
  const auto levels = m.dram_levels();
  CHECK(levels == std::vector<std::string>{"dram.ddr4", "dram.lpddr4x", "dram.lpddr5", "dram.hbm2", "dram.hbm3"});
  CHECK_THROWS_WITH(m.estimate(w, "dram.gddr9"), Catch::Contains("dram.gddr9"));
}

TEST_CASE("roofline: min(peak, intensity × bandwidth), TOPS/W from the spec sheet") {
  const Roofline& r = Roofline::builtin();
  // A100 fp16: 312 TFLOPS, 2039 GB/s: ridge at 153 flop/byte.
  CHECK(r.attainable_tops("a100-sxm.fp16", 1.0) == Approx(2.039));
  CHECK(r.attainable_tops("a100-sxm.fp16", 1000.0) == Approx(312));
  CHECK(r.attainable_tops("a100-sxm.fp16", 1000.0, true) == Approx(624));
  CHECK(r.peak_tops_per_watt("cloud-ai-100-launch.int8") == Approx(400.0 / 75.0));
  CHECK_THROWS_WITH(r.attainable_tops("a100-sxm.fp8", 10.0), Catch::Contains("no dense peak"));
  CHECK_THROWS_WITH(r.attainable_tops("apple-a11.ane", 10.0), Catch::Contains("bandwidth"));
  CHECK_THROWS_WITH(r.peak_tops_per_watt("apple-m4.ane"), Catch::Contains("board power"));
  CHECK_THROWS_WITH(r.get("b200"), Catch::Contains("b200"));
}
