// Trained and pruned Fashion-MNIST models, by recipe, shared by every task implementation in
// the process and kept across runs in the results database (ArtifactCache).
//
// Recipes (every sparse one starts from the dense model of the same seed and schedule):
//   dense     train from scratch for `epochs`.
//   one-shot  prune the trained dense model by magnitude, no retraining.
//   retrain   prune it once by magnitude, fix the mask, and train again for `retrain_epochs`
//             with the same optimizer and learning-rate schedule. With retrain_epochs = epochs
//             this is NVIDIA's 2:4 recipe (Mishra et al. 2021; apex ASP README: "retrain with
//             the same optimizer, hyperparameters, learning-rate schedule and number of epochs").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "accuracy/idx_dataset.hpp"
#include "accuracy/libtorch_training.hpp"
#include "accuracy/network.hpp"
#include "accuracy/weight_masks.hpp"

namespace claimbench {
class ArtifactCache;
struct Workload;
}  // namespace claimbench

namespace claimbench::accuracy {

// Bump when anything that changes trained weights changes (training loop, initialization,
// masks, architecture): the cache key includes it, so stale models are never reused.
inline constexpr const char* kTrainingCodeVersion = "fmnist-training-1";

struct RecipeSpec {
  std::string model;             // mlp, cnn
  std::string recipe = "dense";  // dense, one-shot, retrain
  PruningSpec pruning;
  TrainingSchedule schedule;     // the dense schedule
  int retrain_epochs = 0;        // recipe retrain
  std::uint64_t seed = 1;

  RecipeSpec dense_parent() const;  // the dense model a sparse recipe starts from
  std::string key(const std::string& data_checksum) const;
  std::string describe() const;     // "cnn 2:4 retrain seed 3"
};

struct TrainedModel {
  Network net;
  double train_seconds = 0.0;   // this recipe's own training (0 for one-shot and cache hits)
  bool from_cache = false;      // loaded from the results database
  std::vector<float> libtorch_logits;  // test set, count × 10
};

// Reads the recipe from a `# kind: training` workload row (columns recipe, granularity,
// sparsity, epochs, retrain_epochs, batch, learning_rate). Throws InputError naming the file,
// line and column on anything malformed or inconsistent.
RecipeSpec recipe_from_workload(const Workload& workload, std::uint64_t seed);
int seeds_of(const Workload& workload);  // the `seeds` column: seeds seed, seed+1, ...

// The Fashion-MNIST data, loaded and verified once per process (throws DataError).
const FashionMnist& fashion_mnist();

// Trains (or loads) every spec, the independent seeds in parallel on up to `workers` threads
// (each training uses one intra-op thread, so results do not depend on `workers`). Products
// are memoized in the process and stored in `cache` when it is non-null.
std::vector<std::shared_ptr<const TrainedModel>> obtain_models(const std::vector<RecipeSpec>& specs,
                                                               ArtifactCache* cache, int workers);

}  // namespace claimbench::accuracy
