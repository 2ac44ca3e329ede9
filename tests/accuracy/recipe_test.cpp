#include <catch2/catch.hpp>

#include "accuracy/fashion_mnist_models.hpp"
#include "claimbench/input_error.hpp"
#include "claimbench/workload.hpp"

using namespace claimbench::accuracy;

namespace {

claimbench::Workload row(std::map<std::string, std::string> overrides = {}) {
  claimbench::Workload w;
  w.kind = "training";
  w.id = "fmnist.test";
  w.model = "cnn";
  w.layer = "all";
  w.seed = 1;
  w.file = "fashion-mnist.csv";
  w.line = 7;
  w.fields = {{"recipe", "retrain"}, {"granularity", "kernel"}, {"sparsity", "0.75"}, {"seeds", "3"},
              {"epochs", "3"},       {"retrain_epochs", "1"},    {"batch", "64"},     {"learning_rate", "0.05"}};
  for (auto& [k, v] : overrides) w.fields[k] = v;
  return w;
}

}  // namespace

TEST_CASE("Recipes: a workload row becomes a recipe, bad rows name file, line and column") {
  const auto spec = recipe_from_workload(row(), 4);
  CHECK(spec.model == "cnn");
  CHECK(spec.pruning.str() == "kernel@0.75");
  CHECK(spec.schedule.epochs == 3);
  CHECK(spec.retrain_epochs == 1);
  CHECK(spec.seed == 4);
  CHECK(seeds_of(row()) == 3);
  CHECK_THROWS_WITH(recipe_from_workload(row({{"granularity", "block"}}), 1),
                    Catch::Contains("fashion-mnist.csv") && Catch::Contains("granularity"));
  CHECK_THROWS_AS(recipe_from_workload(row({{"recipe", "dense"}}), 1), claimbench::InputError);
  CHECK_THROWS_AS(recipe_from_workload(row({{"granularity", "2:4"}, {"sparsity", "0.75"}}), 1), claimbench::InputError);
  CHECK_THROWS_AS(recipe_from_workload(row({{"retrain_epochs", "0"}}), 1), claimbench::InputError);
  CHECK_THROWS_AS(recipe_from_workload(row({{"learning_rate", "-1"}}), 1), claimbench::InputError);
  CHECK_THROWS_AS(recipe_from_workload(row({{"epochs", "x"}}), 1), claimbench::InputError);
  auto bad_model = row();
  bad_model.model = "resnet";
  CHECK_THROWS_WITH(recipe_from_workload(bad_model, 1), Catch::Contains("model"));
}

TEST_CASE("Recipes: cache keys separate everything that determines the weights") {
  const auto a = recipe_from_workload(row(), 1);
  auto other_seed = a;
  other_seed.seed = 2;
  auto other_schedule = a;
  other_schedule.schedule.epochs = 4;
  auto smoke = a;
  smoke.schedule.train_limit = 10000;
  auto other_grain = a;
  other_grain.pruning.granularity = Granularity::filter;
  const std::string k = a.key("data1");
  CHECK(k != a.key("data2"));
  for (const auto* b : {&other_seed, &other_schedule, &smoke, &other_grain}) CHECK(b->key("data1") != k);
  CHECK(a.dense_parent().key("data1") == other_grain.dense_parent().key("data1"));
  CHECK(k.find(kTrainingCodeVersion) != std::string::npos);
}
