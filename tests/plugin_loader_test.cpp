// The plugin loader with the test plugins (tests/plugins, docs/snippets/example_plugin.cpp), each
// loaded into a local registry: origin and checksum, the descriptor checks, duplicate names,
// files that are not plugins, plugin search order, SHA-256.
#include <catch2/catch.hpp>

#include "claimbench/plugin.hpp"
#include "claimbench/plugin_loader.hpp"
#include "claimbench/registry.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

const std::filesystem::path kExample = CLAIMBENCH_TEST_PLUGIN_EXAMPLE;
const std::filesystem::path kWrongInterface = CLAIMBENCH_TEST_PLUGIN_WRONG_INTERFACE;
const std::filesystem::path kDuplicateName = CLAIMBENCH_TEST_PLUGIN_DUPLICATE_NAME;
const std::filesystem::path kNoEntry = CLAIMBENCH_TEST_PLUGIN_NO_ENTRY;

std::string resolved(const std::filesystem::path& p) { return std::filesystem::canonical(p).string(); }

}  // namespace

TEST_CASE("plugins: sha256_file matches the standard test vectors", "[plugin]") {
  TempDir dir;
  write_text(dir / "empty", "");
  write_text(dir / "abc", "abc");
  CHECK(sha256_file(dir / "empty") == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_file(dir / "abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Longer than one read buffer (64 KiB).
  write_text(dir / "big", std::string(200000, 'a'));
  CHECK(sha256_file(dir / "big").size() == 7 + 64);
  CHECK_THROWS_WITH(sha256_file(dir / "missing"), Catch::Contains("missing"));
}

TEST_CASE("plugins: a plugin's implementations join the registry with their origin and checksum", "[plugin]") {
  Registry registry;
  const auto plugin = load_plugin(kExample, registry);
  CHECK(plugin.file == resolved(kExample));
  CHECK(plugin.checksum == sha256_file(kExample));
  CHECK(plugin.name == "claimbench-guide-example");
  CHECK(plugin.version == "1.0");
  CHECK(plugin.implementations == std::vector<std::string>{"example.skip-zeros"});
  REQUIRE(registry.contains("example.skip-zeros"));
  CHECK(registry.info("example.skip-zeros").origin == "plugin:" + plugin.file);
  const PluginSource* source = registry.plugin_source("example.skip-zeros");
  REQUIRE(source);
  CHECK(source->file == plugin.file);
  CHECK(source->checksum == plugin.checksum);

  // It computes the right product (the runner's correctness gate is tested elsewhere).
  const auto owned = make_owned_problem(5, 3, 8, *NMPattern::parse("2:4"), 7);
  auto impl = registry.create("example.skip-zeros");
  CHECK_FALSE(impl->supports(owned.problem(), ExecutionConfig{2}).ok);
  REQUIRE(impl->supports(owned.problem(), ExecutionConfig{1}).ok);
  impl->prepare(owned.problem(), ExecutionConfig{1});
  impl->run();
  impl->run();
  REQUIRE(impl->result().size() == 15);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j) {
      double expected = 0;
      for (int k = 0; k < 8; ++k) expected += double(owned.A[i * 8 + k]) * owned.B[k * 3 + j];
      CHECK(impl->result()[i * 3 + j] == Approx(expected).margin(1e-5));
    }
  CHECK(impl->counters().kernel == "example.skip-zeros.rowgather.scalar");
  CHECK(impl->counters().useful_flops == 2.0 * 3 * 20);  // 2:4 keeps 20 of 40

  // Loading the same file again (by another path) adds nothing and is not an error.
  TempDir dir;
  std::filesystem::create_symlink(kExample, dir / "link.so");
  CHECK(load_plugin(dir / "link.so", registry).file == plugin.file);
  CHECK(registry.list().size() == 1);
  // Built-in implementations carry no plugin source.
  CHECK(Registry::global().plugin_source("dense.own") == nullptr);
  CHECK(Registry::global().info("dense.own").origin == "built-in");
}

TEST_CASE("plugins: every refusal is an input error naming the file", "[plugin]") {
  Registry registry;
  auto refusal = [&](const std::filesystem::path& file) {
    const auto e = capture_input_error([&] { load_plugin(file, registry); });
    CHECK(e.field() == "--plugin");
    return e;
  };
  SECTION("another interface version") {
    const auto e = refusal(kWrongInterface);
    CHECK(e.file() == resolved(kWrongInterface));
    CHECK_THAT(e.message(),
               Catch::Contains("interface version " + std::to_string(CLAIMBENCH_PLUGIN_INTERFACE_VERSION + 1)) &&
                   Catch::Contains("interface version " + std::to_string(CLAIMBENCH_PLUGIN_INTERFACE_VERSION)));
    CHECK_FALSE(registry.contains("test.wrong-interface"));  // its register function never ran
  }
  SECTION("no entry point") {
    const auto e = refusal(kNoEntry);
    CHECK(e.file() == resolved(kNoEntry));
    CHECK_THAT(e.message(), Catch::Contains("claimbench_plugin_entry"));
  }
  SECTION("a name that is taken, by a built-in or by another plugin") {
    registry.add([] { return Registry::global().create("dense.own"); });
    const auto e = refusal(kDuplicateName);
    CHECK(e.file() == resolved(kDuplicateName));
    CHECK_THAT(e.message(), Catch::Contains("'dense.own'") && Catch::Contains("built-in"));
    CHECK_FALSE(registry.contains("test.plugin-unique-name"));  // nothing of it was added

    TempDir dir;
    std::filesystem::copy_file(kExample, dir / "copy.so");
    load_plugin(kExample, registry);
    const auto again = refusal(dir / "copy.so");
    CHECK(again.file() == resolved(dir / "copy.so"));
    CHECK_THAT(again.message(), Catch::Contains("'example.skip-zeros'") && Catch::Contains("plugin:" + resolved(kExample)));
  }
  SECTION("a file that is not a loadable library, or no file") {
    TempDir dir;
    write_text(dir / "libtext.so", "not an ELF file\n");
    const auto e = refusal(dir / "libtext.so");
    CHECK(e.file() == resolved(dir / "libtext.so"));
    CHECK_THAT(e.message(), Catch::Contains("cannot load"));
    const auto missing = refusal(dir / "libmissing.so");
    CHECK(missing.file() == (dir / "libmissing.so").string());
    CHECK_THAT(missing.message(), Catch::Contains("no such file"));
  }
}

TEST_CASE("plugins: --plugin files, then --plugin-dir folders, then CLAIMBENCH_PLUGIN_PATH", "[plugin]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "a");
  std::filesystem::create_directories(dir / "b");
  write_text(dir / "a" / "libz.so", "");
  write_text(dir / "a" / "liby.so", "");
  write_text(dir / "a" / "notes.txt", "");
  write_text(dir / "b" / "libx.so", "");
  PluginSearch search;
  search.files = {"/x/first.so"};
  search.folders = {(dir / "a").string()};
  search.environment_path = (dir / "b").string() + "::/x/env.so";
  const auto files = plugin_files(search);
  const std::vector<std::filesystem::path> expected{"/x/first.so", dir / "a" / "liby.so", dir / "a" / "libz.so",
                                                    dir / "b" / "libx.so", "/x/env.so"};
  CHECK(files == expected);
  search.folders = {(dir / "nope").string()};
  const auto e = capture_input_error([&] { plugin_files(search); });
  CHECK(e.file() == (dir / "nope").string());
  CHECK(e.field() == "--plugin-dir");
}
