// Opens (creates) a results database with the installed harness and prints its schema version.
#include <claimbench/registry.hpp>
#include <claimbench/store.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  claimbench::Store store(argv[1]);
  std::printf("schema %d, %zu registered\n", store.schema_version(), claimbench::Registry::global().list().size());
  return store.schema_version() == claimbench::Store::kSchemaVersion ? 0 : 1;
}
