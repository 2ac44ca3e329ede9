// Workload tables: a good table loads; each mistake names file, line and column.
#include <catch2/catch.hpp>

#include "claimbench/workload.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

TEST_CASE("a good workload table loads", "[workload]") {
  const auto folder = data_dir() / "workloads";
  const auto catalog = WorkloadCatalog::load(folder);
  CHECK(catalog.has_table("tiny"));
  CHECK(catalog.has_table("tiny-dense"));
  CHECK_FALSE(catalog.has_table("tiny.csv"));
  CHECK(catalog.all().size() == 3);

  const auto rows = catalog.table("tiny");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]->id == "tiny.a");  // file order
  CHECK(rows[1]->id == "tiny.b");

  const Workload* a = catalog.find("tiny.a");
  REQUIRE(a != nullptr);
  CHECK(a->table == "tiny");
  CHECK(a->model == "test-model");
  CHECK(a->layer == "linear.a");
  CHECK(a->m == 16);
  CHECK(a->n == 8);
  CHECK(a->k == 32);
  CHECK(a->batch == 1);
  CHECK(a->sequence == 8);
  CHECK(a->pattern == "2:4");
  CHECK(a->precision == "fp32");
  CHECK(a->distribution == "normal");
  CHECK(a->seed == 11);
  CHECK(a->quick);
  CHECK(a->source == "invented for the claimbench tests; shaped like a miniature linear layer");
  CHECK(a->file == (folder / "tiny.csv").string());
  CHECK(a->line == 4);
  CHECK(a->dense_flops() == 2.0 * 16 * 8 * 32);

  const Workload* b = catalog.find("tiny.b");
  REQUIRE(b != nullptr);
  CHECK_FALSE(b->quick);
  CHECK(b->distribution == "uniform");
  CHECK(b->line == 5);

  // Two source lines are joined; blank lines are skipped; a 64-bit seed survives.
  const Workload* d = catalog.find("tiny-dense.a");
  REQUIRE(d != nullptr);
  CHECK(d->pattern == "dense");
  CHECK(d->seed == 18446744073709551615ull);
  CHECK(d->source == "invented for the claimbench tests a second source line is appended to the first");
  CHECK(d->line == 5);

  CHECK(catalog.find("nope") == nullptr);
  CHECK(catalog.table("nope").empty());
}

TEST_CASE("bad workload tables name file, line and column", "[workload]") {
  struct Case {
    const char* folder;
    int line;
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {"missing-column", 2, "seed", "column missing from the header"},
      {"non-integer-m", 4, "m", "expected an integer, got '4x'"},
      {"bad-pattern", 4, "pattern", "expected 'dense', N:M such as 2:4, N:M+perm, or unstructured:<fraction zeroed in [0,1)>, got '4:2'"},
      {"missing-source", 3, "source", "the table needs a '# source:' line before its rows"},
      {"duplicate-id", 5, "id", "duplicate workload id 'w.a'"},
  };
  for (const auto& c : cases) {
    const auto folder = data_dir() / "bad-workloads" / c.folder;
    const auto file = folder / "t.csv";
    INFO(file.string());
    const InputError e = capture_input_error([&] { WorkloadCatalog::load(folder); });
    CHECK(e.file() == file.string());
    CHECK(e.line() == c.line);
    CHECK(e.field() == c.field);
    CHECK(e.message() == c.message);
    CHECK(std::string(e.what()) == input_error_text(file, c.line, c.field, c.message));
  }
}

TEST_CASE("workload rows: every column is validated", "[workload]") {
  const std::vector<std::string> header{"id", "model", "layer", "m", "n", "k", "batch", "sequence",
                                        "pattern", "precision", "distribution", "seed", "quick"};
  auto row = [&](const std::string& text) { return parse_workload_row("t", "t.csv", 7, header, text, "src"); };
  const Workload ok = row("w,x,y,3,5,7,1,5,1:2,fp32,uniform,9,1");
  CHECK(ok.m == 3);
  CHECK(ok.k == 7);
  CHECK(ok.pattern == "1:2");
  CHECK(ok.line == 7);
  CHECK(ok.source == "src");

  struct Bad {
    const char* row;
    const char* field;
  };
  const Bad bad[] = {
      {"w,x,y,0,5,7,1,5,2:4,fp32,normal,9,1", "m"},        // below the minimum
      {"w,x,y,3,-5,7,1,5,2:4,fp32,normal,9,1", "n"},
      {"w,x,y,3,5,,1,5,2:4,fp32,normal,9,1", "k"},
      {"w,x,y,3,5,7,1,5,2:4,fp16,normal,9,1", "precision"},
      {"w,x,y,3,5,7,1,5,2:4,fp32,cauchy,9,1", "distribution"},
      {"w,x,y,3,5,7,1,5,2:4,fp32,normal,9,yes", "quick"},
      {"w,x,y,3,5,7,1,5,2:4,fp32,normal,-1,1", "seed"},
      {",x,y,3,5,7,1,5,2:4,fp32,normal,9,1", "id"},
      {"w,x,y,3,5,7,1,5,2:4,fp32,normal,9", "row"},         // a cell short
      {"w,x,y,3,5,7,1,5,2:4,fp32,normal,9,1,", "row"},      // a trailing extra cell
  };
  for (const auto& b : bad) {
    INFO(b.row);
    const InputError e = capture_input_error([&] { row(b.row); });
    CHECK(e.field() == b.field);
    CHECK(e.line() == 7);
    CHECK(e.file() == "t.csv");
  }
}

TEST_CASE("WorkloadCatalog::add rejects a duplicate id, a missing folder is an InputError", "[workload]") {
  WorkloadCatalog catalog;
  const std::vector<std::string> header{"id", "model", "layer", "m", "n", "k", "batch", "sequence",
                                        "pattern", "precision", "distribution", "seed", "quick"};
  const Workload w = parse_workload_row("t", "t.csv", 1, header, "x,m,l,1,1,1,1,1,dense,fp32,normal,1,0", "s");
  catalog.add(w);
  CHECK_THROWS_AS(catalog.add(w), std::invalid_argument);
  CHECK(catalog.table("t").size() == 1);
  CHECK_THROWS_AS(WorkloadCatalog::load(data_dir() / "no-such-folder"), InputError);
}

TEST_CASE("workload tables with CRLF line endings load the same", "[workload]") {
  TempDir dir;
  std::string text;
  for (char ch : read_text(data_dir() / "workloads" / "tiny.csv")) {
    if (ch == '\n') text += '\r';
    text += ch;
  }
  write_text(dir / "w" / "tiny.csv", text);
  const auto catalog = WorkloadCatalog::load(dir / "w");
  const Workload* b = catalog.find("tiny.b");
  REQUIRE(b != nullptr);
  CHECK(b->quick == false);
  CHECK(b->k == 7);
  CHECK(b->line == 5);
  CHECK(catalog.find("tiny.a")->source == "invented for the claimbench tests; shaped like a miniature linear layer");
}
