#include "accuracy/fashion_mnist_models.hpp"

#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "claimbench/artifact_cache.hpp"
#include "claimbench/input_error.hpp"
#include "claimbench/workload.hpp"

namespace claimbench::accuracy {

std::string TrainingSchedule::str() const {
  std::ostringstream s;
  s << "epochs=" << epochs << ",batch=" << batch_size << ",lr=" << learning_rate << ",momentum=" << momentum
    << ",wd=" << weight_decay << ",limit=" << train_limit << ",sgd-nesterov-cosine";
  return s.str();
}


RecipeSpec RecipeSpec::dense_parent() const {
  RecipeSpec d = *this;
  d.recipe = "dense";
  d.pruning = PruningSpec{};
  d.retrain_epochs = 0;
  return d;
}

std::string RecipeSpec::key(const std::string& data_checksum) const {
  std::ostringstream k;
  k << "fashion-mnist/" << kTrainingCodeVersion << "/libtorch-" << libtorch_version() << "/model=" << model
    << "/recipe=" << recipe << "/pruning=" << pruning.str() << "/seed=" << seed << "/schedule=" << schedule.str()
    << "/retrain_epochs=" << retrain_epochs << "/data=" << data_checksum;
  return k.str();
}

std::string RecipeSpec::describe() const {
  return model + " " + pruning.str() + " " + recipe + " seed " + std::to_string(seed);
}

int seeds_of(const Workload& w) { return static_cast<int>(w.field_int("seeds", 1)); }

RecipeSpec recipe_from_workload(const Workload& w, std::uint64_t seed) {
  RecipeSpec s;
  s.model = w.model;
  if (!is_known_model(s.model))
    throw InputError(w.file, w.line, "model", "unknown model '" + s.model + "' (known: mlp, cnn)");
  s.recipe = w.field("recipe");
  if (s.recipe != "dense" && s.recipe != "one-shot" && s.recipe != "retrain")
    throw InputError(w.file, w.line, "recipe", "'" + s.recipe + "' is not dense, one-shot or retrain");
  const double sparsity = w.field_double("sparsity");
  const auto pruning = PruningSpec::parse(w.field("granularity"), sparsity);
  if (!pruning)
    throw InputError(w.file, w.line, "granularity",
                     "'" + w.field("granularity") + "' with sparsity " + w.field("sparsity") +
                         " is not dense, fine, vector, kernel or filter with a sparsity in [0, 1), or an N:M pattern");
  s.pruning = *pruning;
  if ((s.recipe == "dense") != (s.pruning.granularity == Granularity::dense))
    throw InputError(w.file, w.line, "granularity", "recipe dense goes with granularity dense, and only with it");
  if (s.pruning.granularity == Granularity::nm && std::abs(sparsity - s.pruning.nominal_sparsity()) > 1e-9)
    throw InputError(w.file, w.line, "sparsity",
                     "an " + s.pruning.pattern.str() + " pattern zeroes " + std::to_string(s.pruning.nominal_sparsity()));
  s.schedule.epochs = static_cast<int>(w.field_int("epochs", 1));
  s.schedule.batch_size = static_cast<int>(w.field_int("batch", 1));
  s.schedule.learning_rate = w.field_double("learning_rate");
  if (!(s.schedule.learning_rate > 0.0))
    throw InputError(w.file, w.line, "learning_rate", "must be positive");
  s.retrain_epochs = static_cast<int>(w.field_int("retrain_epochs", 0));
  if (s.recipe == "retrain" && s.retrain_epochs < 1)
    throw InputError(w.file, w.line, "retrain_epochs", "recipe retrain needs at least one epoch");
  s.seed = seed;
  return s;
}

const FashionMnist& fashion_mnist() {
  static const FashionMnist data = load_fashion_mnist();
  return data;
}

namespace {

std::mutex memo_mutex;   // guards memo and every ArtifactCache call
std::map<std::string, std::shared_ptr<const TrainedModel>> memo;

std::shared_ptr<const TrainedModel> lookup(const std::string& key, ArtifactCache* cache) {
  std::lock_guard lock(memo_mutex);
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  if (!cache) return nullptr;
  auto bytes = cache->get(key);
  if (!bytes) return nullptr;
  auto model = std::make_shared<TrainedModel>();
  try {
    model->net = deserialize_network(*bytes);
  } catch (const std::exception&) {
    return nullptr;  // unreadable entry: retrain and overwrite
  }
  model->from_cache = true;
  return model;
}

std::shared_ptr<const TrainedModel> remember(const std::string& key, std::shared_ptr<TrainedModel> model,
                                             ArtifactCache* cache, const RecipeSpec& spec, bool store) {
  model->libtorch_logits = libtorch_logits(model->net, fashion_mnist().test);
  std::lock_guard lock(memo_mutex);
  if (cache && store) cache->put(key, serialize(model->net), "Fashion-MNIST " + spec.describe() + ", " + spec.schedule.str());
  memo[key] = model;
  return model;
}

std::shared_ptr<const TrainedModel> obtain(const RecipeSpec& spec, ArtifactCache* cache) {
  const FashionMnist& data = fashion_mnist();
  const std::string key = spec.key(data.checksum);
  if (auto found = lookup(key, cache)) {
    if (!found->libtorch_logits.empty()) return found;
    auto copy = std::make_shared<TrainedModel>(*found);
    return remember(key, copy, cache, spec, false);
  }
  auto model = std::make_shared<TrainedModel>();
  if (spec.recipe == "dense") {
    model->net = make_architecture(spec.model);
    model->train_seconds = train_network(model->net, data, spec.schedule, spec.seed, false).seconds;
  } else {
    model->net = obtain(spec.dense_parent(), cache)->net;
    prune_network(model->net, spec.pruning);
    if (spec.recipe == "retrain") {
      TrainingSchedule retrain = spec.schedule;
      retrain.epochs = spec.retrain_epochs;
      model->train_seconds = train_network(model->net, data, retrain, spec.seed, true).seconds;
    }
  }
  // One-shot products are cheap to recompute from the cached dense model; store only trained ones.
  return remember(key, model, cache, spec, spec.recipe != "one-shot");
}

}  // namespace

std::vector<std::shared_ptr<const TrainedModel>> obtain_models(const std::vector<RecipeSpec>& specs,
                                                               ArtifactCache* cache, int workers) {
  fashion_mnist();  // load (and verify) before any thread starts
  std::vector<std::shared_ptr<const TrainedModel>> out(specs.size());
  std::vector<std::exception_ptr> errors(specs.size());
  std::mutex next_mutex;
  std::size_t next = 0;
  auto work = [&] {
    for (;;) {
      std::size_t i;
      {
        std::lock_guard lock(next_mutex);
        if (next == specs.size()) return;
        i = next++;
      }
      try {
        out[i] = obtain(specs[i], cache);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const int count = std::max(1, std::min<int>(workers, static_cast<int>(specs.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < count; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

}  // namespace claimbench::accuracy
