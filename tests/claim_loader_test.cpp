// Claim files: a good file loads with every field; each kind of mistake is reported as
// "file:line: field: message" with the right line and field; the shipped claims load.
#include <catch2/catch.hpp>

#include "claimbench/claim_loader.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/requirements.hpp"
#include "claimbench/workload.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

const WorkloadCatalog& test_catalog() {
  static const WorkloadCatalog catalog = WorkloadCatalog::load(data_dir() / "workloads");
  return catalog;
}

ClaimLoadContext test_context() { return ClaimLoadContext{&Registry::global(), &test_catalog()}; }

// A valid claim whose <claimed> element is `claimed` (one line, line 9).
std::string claim_with_claimed(const std::string& claimed) {
  return "<?xml version=\"1.0\"?>\n"
         "<claim id=\"kinds\">\n"
         "  <title>t</title>\n"
         "  <source kind=\"paper\" reliability=\"primary\">\n"
         "    <citation>c</citation>\n"
         "  </source>\n"
         "  <statement>s</statement>\n"
         "  <metric name=\"speedup\" unit=\"×\"/>\n"
         "  " + claimed + "\n"
         "  <check id=\"c1\" kind=\"analog\">\n"
         "    <description>d</description>\n"
         "    <implementation name=\"nm.2of4\" role=\"candidate\"/>\n"
         "    <implementation name=\"dense.own\" role=\"own\"/>\n"
         "    <workloads table=\"tiny\"/>\n"
         "    <verdict aggregate=\"median\" threshold=\"1.5\" partial-threshold=\"1.1\"/>\n"
         "  </check>\n"
         "</claim>\n";
}

}  // namespace

TEST_CASE("a complete claim file loads with every field", "[claim_loader]") {
  const auto file = data_dir() / "claims" / "full.xml";
  const Claim c = load_claim_file(file, test_context());

  CHECK(c.id == "test-full-claim");
  CHECK(c.file == file.string());
  CHECK(c.line == 3);
  CHECK(c.title == "Test claim with every field");
  CHECK(c.source.kind == "paper");
  CHECK(c.source.reliability == "secondary");
  CHECK(c.source.citation == "Doe et al., \"A test paper\" (2024)");
  CHECK(c.source.url == "https://example.org/paper");
  // Wrapped text is collapsed into single spaces.
  CHECK(c.statement == "A 2:4 kernel runs between 1.3 and 1.6 times faster.");
  CHECK(c.metric == "speedup");
  CHECK(c.unit == "×");
  CHECK(c.claimed.kind == ClaimedValue::Kind::range);
  CHECK(c.claimed.min == 1.3);
  CHECK(c.claimed.max == 1.6);
  CHECK(c.claimed.text(c.unit) == "1.3–1.6×");
  REQUIRE(c.conditions.size() == 2);
  CHECK(c.conditions[0].name == "hardware");
  CHECK(c.conditions[0].value == "Any CPU");
  CHECK(c.conditions[1].name == "pattern");
  CHECK(c.conditions[1].value == "2:4 along K");
  CHECK(c.content_hash.rfind("sha1:", 0) == 0);
  CHECK(c.content_hash.size() == 5 + 40);

  REQUIRE(c.checks.size() == 2);
  const Check& a = c.checks[0];
  CHECK(a.id == "cpu-analog");
  CHECK(a.kind == CheckKind::analog);
  CHECK(a.line == 18);
  CHECK(a.description == "2:4 against the dense baselines.");
  REQUIRE(a.implementations.size() == 4);
  CHECK(a.implementations[0].name == "nm.2of4");
  CHECK(a.implementations[0].role == Role::candidate);
  CHECK(a.implementations[0].line == 20);
  CHECK(a.implementations[1].name == "dense.openblas");
  CHECK(a.implementations[1].role == Role::library);
  CHECK(a.implementations[2].name == "dense.own");
  CHECK(a.implementations[2].role == Role::own);
  CHECK(a.implementations[3].name == "dense.reference");
  CHECK(a.implementations[3].role == Role::context);
  REQUIRE(a.candidate() != nullptr);
  CHECK(a.candidate()->name == "nm.2of4");
  CHECK(a.workload_table == "tiny");
  CHECK(a.workload_ids.empty());
  CHECK(a.threads == std::vector<int>{1, 2});
  REQUIRE(a.requirements.size() == 1);
  CHECK(a.requirements[0].kind == "cpu-feature");
  CHECK(a.requirements[0].value == "sse4.2");
  CHECK(a.requirements[0].line == 26);
  CHECK(a.rule.aggregate == Aggregate::geomean);
  CHECK(a.rule.threshold == 1.3);
  CHECK(a.rule.partial_threshold == 1.1);
  CHECK(a.rule.confidence == 0.9);
  CHECK(a.pending.empty());

  const Check& g = c.checks[1];
  CHECK(g.id == "gpu-literal");
  CHECK(g.kind == CheckKind::literal);
  CHECK(g.implementations.empty());
  CHECK(g.candidate() == nullptr);
  CHECK(g.workload_table.empty());
  CHECK(g.workload_ids == std::vector<std::string>{"tiny.a", "tiny.b"});
  CHECK(g.threads == std::vector<int>{1});  // the default
  REQUIRE(g.requirements.size() == 1);
  CHECK(g.requirements[0].kind == "cuda-compute-capability");
  CHECK(g.requirements[0].value == "8.0");
  CHECK(g.rule.aggregate == Aggregate::max);
  CHECK(g.rule.confidence == 0.95);  // the default
  CHECK(g.pending == "the CUDA kernel");
}

TEST_CASE("claimed values: point, range, up-to and at-least", "[claim_loader]") {
  TempDir dir;
  struct Case {
    std::string element;
    ClaimedValue::Kind kind;
    double value, min, max;
    std::string text;
  };
  const Case cases[] = {
      {"<claimed kind=\"point\" value=\"2\"/>", ClaimedValue::Kind::point, 2, 0, 0, "2×"},
      {"<claimed kind=\"range\" min=\"1.3\" max=\"1.6\"/>", ClaimedValue::Kind::range, 1.3, 1.3, 1.6, "1.3–1.6×"},
      {"<claimed kind=\"up-to\" value=\"2.5\"/>", ClaimedValue::Kind::up_to, 2.5, 0, 0, "up to 2.5×"},
      {"<claimed kind=\"at-least\" value=\"1.5\"/>", ClaimedValue::Kind::at_least, 1.5, 0, 0, "at least 1.5×"},
  };
  for (const auto& k : cases) {
    INFO(k.element);
    const auto file = dir / "kinds.xml";
    write_text(file, claim_with_claimed(k.element));
    const Claim c = load_claim_file(file, test_context());
    CHECK(c.claimed.kind == k.kind);
    CHECK(c.claimed.value == k.value);
    CHECK(c.claimed.min == k.min);
    CHECK(c.claimed.max == k.max);
    CHECK(c.claimed.text(c.unit) == k.text);
  }

  // An unknown kind and a range without max are reported on the <claimed> line (9).
  const auto file = dir / "kinds.xml";
  write_text(file, claim_with_claimed("<claimed kind=\"about\" value=\"2\"/>"));
  CHECK(capture_input_error([&] { load_claim_file(file, test_context()); }).what() ==
        input_error_text(file, 9, "claimed@kind", "expected point, range, up-to or at-least, got 'about'"));
  write_text(file, claim_with_claimed("<claimed kind=\"range\" min=\"1\"/>"));
  CHECK(capture_input_error([&] { load_claim_file(file, test_context()); }).what() ==
        input_error_text(file, 9, "claimed@max", "missing"));
  write_text(file, claim_with_claimed("<claimed kind=\"point\" value=\"2x\"/>"));
  CHECK(capture_input_error([&] { load_claim_file(file, test_context()); }).what() ==
        input_error_text(file, 9, "claimed@value", "expected a finite number, got '2x'"));
}

TEST_CASE("bad claim files name file, line and field", "[claim_loader]") {
  struct Case {
    const char* file;
    int line;
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {"missing-statement.xml", 2, "statement", "missing"},
      {"missing-threshold.xml", 15, "verdict@threshold", "missing"},
      {"missing-source-kind.xml", 4, "source@kind", "missing"},
      {"threshold-not-a-number.xml", 15, "verdict@threshold", "expected a finite number, got 'abc'"},
      {"threads-not-integer.xml", 15, "check/threads", "expected positive integers, got 'x'"},
      {"unknown-implementation.xml", 12, "implementation@name",
       "unknown implementation 'nm.3of4' (see: claimbench list implementations)"},
      {"unknown-table.xml", 14, "workloads@table", "no workload table 'no-such-table' in the data folder"},
      {"unknown-workload-id.xml", 14, "workload@id", "unknown workload 'tiny.zzz' (see: claimbench list workloads)"},
      {"unknown-element.xml", 11, "check/descripton", "unknown element"},
      {"unknown-attribute.xml", 15, "verdict@treshold", "unknown attribute"},
      {"duplicate-check-id.xml", 17, "check@id", "duplicate check id 'c1'"},
      {"two-candidates.xml", 10, "check/implementation", "needs exactly one role=\"candidate\", found 2"},
      {"partial-above-threshold.xml", 15, "verdict@partial-threshold", "must not exceed verdict@threshold"},
      {"not-a-baseline.xml", 13, "implementation@role", "'dense.reference' is not a dense baseline"},
      {"claimed-range-reversed.xml", 9, "claimed@min", "is larger than claimed@max"},
  };
  for (const auto& c : cases) {
    const auto file = data_dir() / "bad-claims" / c.file;
    INFO(file.string());
    const InputError e = capture_input_error([&] { load_claim_file(file, test_context()); });
    CHECK(e.file() == file.string());
    CHECK(e.line() == c.line);
    CHECK(e.field() == c.field);
    CHECK(e.message() == c.message);
    CHECK(std::string(e.what()) == input_error_text(file, c.line, c.field, c.message));
  }
}

TEST_CASE("malformed XML is reported as field xml at the line of the error", "[claim_loader]") {
  // <description> is never closed (line 11); the parser notices at </check> on line 16.
  const auto file = data_dir() / "bad-claims" / "malformed-unclosed.xml";
  const InputError e = capture_input_error([&] { load_claim_file(file, test_context()); });
  CHECK(e.field() == "xml");
  CHECK(e.line() == 16);
  CHECK(e.message().rfind("malformed XML: ", 0) == 0);
  CHECK(std::string(e.what()) == input_error_text(file, e.line(), "xml", e.message()));

  // Text after the root element, on line 3.
  TempDir dir;
  const auto junk = dir / "junk.xml";
  write_text(junk, "<?xml version=\"1.0\"?>\n<claim id=\"x\">\n</claim><<\n");
  const InputError j = capture_input_error([&] { load_claim_file(junk, test_context()); });
  CHECK(j.field() == "xml");
  CHECK(j.line() == 3);

  // A different root element.
  write_text(junk, "<?xml version=\"1.0\"?>\n<claims/>\n");
  const InputError r = capture_input_error([&] { load_claim_file(junk, test_context()); });
  CHECK(r.field() == "claim");
}

TEST_CASE("without a context, implementation and workload names are not checked", "[claim_loader]") {
  const auto file = data_dir() / "bad-claims" / "unknown-implementation.xml";
  CHECK_NOTHROW(load_claim_file(file, ClaimLoadContext{}));
  CHECK_NOTHROW(load_claim_file(data_dir() / "bad-claims" / "unknown-table.xml", ClaimLoadContext{}));
  // ... but the same files fail with one.
  CHECK_THROWS_AS(load_claim_file(file, test_context()), InputError);
}

TEST_CASE("a missing claim file is an InputError", "[claim_loader]") {
  const auto file = data_dir() / "claims" / "no-such-file.xml";
  const InputError e = capture_input_error([&] { load_claim_file(file, test_context()); });
  CHECK(e.file() == file.string());
}

TEST_CASE("load_claim_folder reads every xml file sorted by name", "[claim_loader]") {
  const auto claims = load_claim_folder(data_dir() / "claims", test_context());
  REQUIRE(claims.size() == 2);
  CHECK(claims[0].id == "test-full-claim");     // full.xml
  CHECK(claims[1].id == "test-minimal-claim");  // minimal.xml
  CHECK(claims[1].claimed.kind == ClaimedValue::Kind::point);
  CHECK(claims[1].unit.empty());
  CHECK(claims[1].source.url.empty());
  CHECK(claims[1].checks.at(0).kind == CheckKind::model);
}

TEST_CASE("load_claim_folder rejects duplicate claim ids and bad files", "[claim_loader]") {
  TempDir dir;
  const std::string text = read_text(data_dir() / "claims" / "minimal.xml");
  write_text(dir / "a.xml", text);
  write_text(dir / "b.xml", text);
  write_text(dir / "ignored.txt", "not a claim");
  const InputError e = capture_input_error([&] { load_claim_folder(dir.path(), test_context()); });
  CHECK(e.file() == (dir / "b.xml").string());
  CHECK(e.line() == 2);
  CHECK(e.field() == "claim@id");
  CHECK(e.message().find("duplicate claim id 'test-minimal-claim'") != std::string::npos);

  // The first bad file (by name) of the bad folder stops the load.
  const InputError bad = capture_input_error([&] { load_claim_folder(data_dir() / "bad-claims", test_context()); });
  CHECK(bad.file() == (data_dir() / "bad-claims" / "claimed-range-reversed.xml").string());

  CHECK_THROWS_AS(load_claim_folder(dir / "missing", test_context()), InputError);
}

TEST_CASE("the project's own claims load against the project's data", "[claim_loader][project]") {
  const auto catalog = WorkloadCatalog::load(project_dir() / "data" / "workloads");
  const ClaimLoadContext context{&Registry::global(), &catalog};
  const auto claims = load_claim_folder(project_dir() / "claims", context);
  REQUIRE_FALSE(claims.empty());
  for (const auto& claim : claims) {
    INFO(claim.file);
    CHECK_FALSE(claim.checks.empty());
    CHECK_FALSE(claim.source.citation.empty());
    for (const auto& check : claim.checks) {
      // Every check measures something: a table with rows, or ids.
      std::size_t workloads = check.workload_ids.size();
      if (!check.workload_table.empty()) workloads += catalog.table(check.workload_table).size();
      CHECK(workloads > 0);
      CHECK((check.candidate() != nullptr || !check.pending.empty()));
    }
  }
}

namespace {

// The 17-line claim the bad-claims fixtures derive from (check on line 10, verdict on line 15).
std::string base_claim() {
  return read_text(data_dir() / "bad-claims" / "missing-threshold.xml");
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("more field checks: numbers, threads, requirements, duplicates", "[claim_loader]") {
  TempDir dir;
  const auto file = dir / "c.xml";
  // missing-threshold.xml lacks threshold="1.5"; put it back to get a valid claim.
  const std::string good = replaced(base_claim(), "aggregate=\"median\"", "aggregate=\"median\" threshold=\"1.5\"");
  write_text(file, good);
  REQUIRE_NOTHROW(load_claim_file(file, test_context()));

  struct Case {
    const char* from;
    const char* to;
    int line;
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {"threshold=\"1.5\" partial-threshold=\"1.1\"", "threshold=\"0\" partial-threshold=\"0\"", 15,
       "verdict@threshold", "must be positive"},
      {"partial-threshold=\"1.1\"", "partial-threshold=\"1.1\" confidence=\"1\"", 15, "verdict@confidence",
       "must lie in (0.5, 1)"},
      {"aggregate=\"median\"", "aggregate=\"average\"", 15, "verdict@aggregate", nullptr},
      {"    <workloads table=\"tiny\"/>\n", "    <workloads table=\"tiny\"/>\n    <threads>1 0</threads>\n", 15,
       "check/threads", "expected positive integers, got '0'"},
      {"    <workloads table=\"tiny\"/>\n", "    <workloads table=\"tiny\"/>\n    <threads> </threads>\n", 15,
       "check/threads", "is empty"},
      {"    <workloads table=\"tiny\"/>\n", "    <workloads table=\"tiny\"/>\n    <requires kind=\"gpu\" value=\"x\"/>\n",
       15, "requires@kind", nullptr},
      {"    <workloads table=\"tiny\"/>\n",
       "    <workloads table=\"tiny\"/>\n    <requires kind=\"cpu-feature\" value=\"avx1024\"/>\n", 15,
       "requires@value", "unknown CPU feature 'avx1024'"},
      {"    <workloads table=\"tiny\"/>\n", "", 10, "check/workloads", nullptr},
      {"  <statement>s</statement>\n", "  <statement>s</statement>\n  <statement>again</statement>\n", 8, "statement",
       "given more than once"},
      {"    <implementation name=\"dense.own\" role=\"own\"/>\n",
       "    <implementation name=\"dense.own\" role=\"own\"/>\n    <implementation name=\"dense.own\" role=\"own\"/>\n",
       14, "implementation@name", "'dense.own' is listed twice"},
      {"    <implementation name=\"dense.own\" role=\"own\"/>\n", "", 10, "check/implementation",
       "a speedup check needs at least one library or own dense baseline"},
      {"role=\"own\"", "role=\"judge\"", 13, "implementation@role", nullptr},
      {"kind=\"analog\"", "kind=\"analogue\"", 10, "check@kind", nullptr},
      {"<metric name=\"speedup\"", "<metric name=\"Latency ms\"", 8, "metric@name", nullptr},
      {"<metric name=\"speedup\"", "<metric name=\"latency\"", 15, "verdict@measure", nullptr},
      {"reliability=\"primary\"", "reliability=\"high\"", 4, "source@reliability", nullptr},
      {"<title>t</title>", "<title>  </title>", 3, "title", "is empty"},
      {"  </check>\n", "  </check>\n  <check id=\"c2\" kind=\"analog\">\n    <description>d</description>\n"
                       "    <workloads table=\"tiny\"/>\n    <verdict aggregate=\"max\" threshold=\"2\" "
                       "partial-threshold=\"1\"/>\n  </check>\n",
       17, "check/implementation", "needs exactly one role=\"candidate\", found 0"},
      {"    <verdict", "    <pending>later</pending>\n    <verdict", 15, "check/pending",
       "a check with a candidate implementation cannot be pending"},
  };
  for (const auto& c : cases) {
    INFO(c.to);
    write_text(file, replaced(good, c.from, c.to));
    const InputError e = capture_input_error([&] { load_claim_file(file, test_context()); });
    CHECK(e.line() == c.line);
    CHECK(e.field() == c.field);
    if (c.message) CHECK(e.message() == c.message);
    CHECK(std::string(e.what()) == input_error_text(file, c.line, c.field, e.message()));
  }
}

TEST_CASE("numbers must be finite: nan and inf are not thresholds", "[claim_loader]") {
  // Reader::number uses std::from_chars, which also accepts "nan", "inf" and "infinity".
  // A NaN threshold passes both range checks (every comparison with NaN is false) and makes
  // verdict_state answer "ambiguous" or "not-reproduced" for any measurement.
  TempDir dir;
  const auto file = dir / "c.xml";
  const std::string good = replaced(base_claim(), "aggregate=\"median\"", "aggregate=\"median\" threshold=\"1.5\"");
  for (const char* value : {"nan", "inf", "infinity", "-nan"}) {
    INFO(value);
    write_text(file, replaced(good, "threshold=\"1.5\"", std::string("threshold=\"") + value + "\""));
    const auto e = capture_input_error([&] { load_claim_file(file, test_context()); });
    CHECK(e.field() == "verdict@threshold");
    CHECK(e.line() == 15);
  }
  write_text(file, replaced(good, "value=\"2\"", "value=\"nan\""));
  CHECK(capture_input_error([&] { load_claim_file(file, test_context()); }).field() == "claimed@value");
}

TEST_CASE("an element given twice is reported, never silently dropped", "[claim_loader]") {
  // Reader::child() refuses duplicates (title, statement, verdict, ...), but <conditions>,
  // <workloads>, <threads> and <pending> are read with node.child(), which takes the first
  // and ignores the rest: a second workload table or thread list just disappears.
  TempDir dir;
  const auto file = dir / "c.xml";
  const std::string good = replaced(base_claim(), "aggregate=\"median\"", "aggregate=\"median\" threshold=\"1.5\"");
  struct Case {
    const char* from;
    const char* to;
    int line;
  };
  const Case cases[] = {
      {"    <workloads table=\"tiny\"/>\n", "    <workloads table=\"tiny\"/>\n    <workloads table=\"tiny-dense\"/>\n", 15},
      {"    <workloads table=\"tiny\"/>\n", "    <workloads table=\"tiny\"/>\n    <threads>1</threads>\n    <threads>2</threads>\n",
       16},
      {"  <check ", "  <conditions><condition name=\"a\">x</condition></conditions>\n"
                    "  <conditions><condition name=\"b\">y</condition></conditions>\n  <check ", 11},
  };
  for (const auto& c : cases) {
    INFO(c.to);
    write_text(file, replaced(good, c.from, c.to));
    Claim claim;
    try {
      claim = load_claim_file(file, test_context());
    } catch (const InputError& e) {
      CHECK(e.line() == c.line);
      continue;
    }
    FAIL_CHECK("loaded; the second element was dropped");
  }
}

TEST_CASE("CRLF line endings: same fields, same line numbers", "[claim_loader]") {
  auto crlf = [](const std::string& text) {
    std::string out;
    for (char ch : text) {
      if (ch == '\n') out += '\r';
      out += ch;
    }
    return out;
  };
  TempDir dir;
  write_text(dir / "full.xml", crlf(read_text(data_dir() / "claims" / "full.xml")));
  const Claim c = load_claim_file(dir / "full.xml", test_context());
  CHECK(c.statement == "A 2:4 kernel runs between 1.3 and 1.6 times faster.");
  CHECK(c.checks.at(0).line == 18);
  CHECK(c.checks.at(0).threads == std::vector<int>{1, 2});
  write_text(dir / "bad.xml", crlf(read_text(data_dir() / "bad-claims" / "threads-not-integer.xml")));
  const auto e = capture_input_error([&] { load_claim_file(dir / "bad.xml", test_context()); });
  CHECK(e.line() == 15);
  CHECK(e.field() == "check/threads");
}

TEST_CASE("a within rule: target and tolerance, never mixed with thresholds", "[claim_loader]") {
  TempDir dir;
  const auto file = dir / "w.xml";
  // missing-threshold.xml lacks threshold="1.5"; put it back to get a valid claim.
  const std::string base = replaced(base_claim(), "aggregate=\"median\"", "aggregate=\"median\" threshold=\"1.5\"");
  const std::string from = "threshold=\"1.5\" partial-threshold=\"1.1\"";
  REQUIRE(base.find(from) != std::string::npos);
  write_text(file, replaced(base, from, "target=\"0.5625\" tolerance=\"0.001\" partial-tolerance=\"0.05\""));
  const Claim claim = load_claim_file(file, test_context());
  REQUIRE(claim.checks.size() == 1);
  CHECK(claim.checks[0].rule.kind == VerdictRule::Kind::within);
  CHECK(claim.checks[0].rule.target == 0.5625);
  CHECK(claim.checks[0].rule.partial_tolerance == 0.05);

  write_text(file, replaced(base, from, "threshold=\"1.5\" partial-threshold=\"1.1\" target=\"1\" tolerance=\"0\" partial-tolerance=\"0\""));
  CHECK(capture_input_error([&] { load_claim_file(file, test_context()); }).field() == "verdict@target");
  write_text(file, replaced(base, from, "target=\"1\" tolerance=\"0.1\" partial-tolerance=\"0.05\""));
  CHECK(capture_input_error([&] { load_claim_file(file, test_context()); }).field() == "verdict@partial-tolerance");
}

namespace {
const claimbench::BuildFeatureRegistration kTestFeatureOn("test-feature-on", true, "built for the test");
const claimbench::BuildFeatureRegistration kTestFeatureOff("test-feature-off", false, "left out for the test");

std::string feature_claim(const std::string& candidate, const std::string& requirement) {
  return "<?xml version=\"1.0\"?>\n<claim id=\"feature-claim\">\n  <title>t</title>\n"
         "  <source kind=\"paper\" reliability=\"primary\"><citation>c</citation></source>\n"
         "  <statement>s</statement>\n  <metric name=\"speedup\"/>\n  <claimed kind=\"point\" value=\"2\"/>\n"
         "  <check id=\"c\" kind=\"analog\">\n    <description>d</description>\n"
         "    <implementation name=\"" + candidate + "\" role=\"candidate\"/>\n"
         "    <implementation name=\"dense.own\" role=\"own\"/>\n    <workload id=\"tiny.a\"/>\n" + requirement +
         "    <verdict aggregate=\"max\" threshold=\"1.5\" partial-threshold=\"1.1\"/>\n  </check>\n</claim>\n";
}
}  // namespace

TEST_CASE("requirements: optional parts of the build and files; a missing part excuses its unknown names",
          "[claim][requirements]") {
  auto req = [](const std::string& kind, const std::string& value) { return Requirement{kind, value, 1}; };
  CHECK(evaluate_requirements({req("build-feature", "test-feature-on")}).met);
  const auto off = evaluate_requirements({req("build-feature", "test-feature-off")});
  CHECK_FALSE(off.met);
  CHECK(off.reason == "claimbench was built without test-feature-off: left out for the test");
  CHECK(evaluate_requirements({req("build-feature", "never-registered")}).reason ==
        "claimbench was built without never-registered");
  TempDir dir;
  write_text(dir / "present.txt", "x");
  CHECK(evaluate_requirements({req("file", (dir / "present.txt").string())}).met);
  CHECK(evaluate_requirements({req("file", (dir / "absent.txt").string())}).reason.find("absent.txt") != std::string::npos);

  const auto catalog = WorkloadCatalog::load(data_dir() / "workloads");
  const ClaimLoadContext context{&Registry::global(), &catalog};
  // A relative file requirement is resolved against the folder above the claims folder.
  write_text(dir / "claims" / "f.xml", feature_claim("dense.own.prepacked", "    <requires kind=\"file\" value=\"present.txt\"/>\n"));
  const auto claim = load_claim_file(dir / "claims" / "f.xml", context);
  CHECK(claim.checks[0].requirements[0].value == (dir / "present.txt").lexically_normal().string());

  // An implementation of a component left out of the build: loads, and the check is not testable.
  write_text(dir / "claims" / "f.xml", feature_claim("absent.impl", "    <requires kind=\"build-feature\" value=\"test-feature-off\"/>\n"));
  CHECK(load_claim_file(dir / "claims" / "f.xml", context).checks[0].implementations[0].name == "absent.impl");
  // ... but not when the part is there: then the name is simply wrong.
  write_text(dir / "claims" / "f.xml", feature_claim("absent.impl", "    <requires kind=\"build-feature\" value=\"test-feature-on\"/>\n"));
  auto e = capture_input_error([&] { load_claim_file(dir / "claims" / "f.xml", context); });
  CHECK(e.field() == "implementation@name");
  CHECK(e.line() == 10);
}
