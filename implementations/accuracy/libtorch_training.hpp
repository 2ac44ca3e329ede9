// Training and reference inference with libtorch (C++ API), behind a header that includes no
// libtorch: only libtorch_training.cpp pays libtorch's compile cost (about 20 s, 1.1 GB).
//
// Determinism: one intra-op thread, initialization from std::mt19937_64(seed), and the
// epoch order drawn from std::mt19937_64 seeded from (seed, epoch), so a (model, recipe, seed,
// schedule) always gives the same weights on the same build.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "accuracy/idx_dataset.hpp"
#include "accuracy/network.hpp"

namespace claimbench::accuracy {

struct TrainingSchedule {
  int epochs = 1;
  int batch_size = 64;
  double learning_rate = 0.05;  // peak; cosine decay to zero over the epochs
  double momentum = 0.9;        // Nesterov
  double weight_decay = 5e-4;
  int train_limit = 0;          // use the first N training images (0: all 60,000); tests only
  std::string str() const;      // every field, for cache keys
};

struct TrainingLog {
  double seconds = 0.0;
  double final_epoch_loss = 0.0;
  std::int64_t steps = 0;
};

// Trains `net` in place. When `start_from_weights` is false the weights are initialized as
// PyTorch's nn.Linear/nn.Conv2d do (uniform ±1/sqrt(fan_in)) from `seed`; otherwise training
// continues from net's weights (the retraining step of a pruning recipe). Layers with a mask
// keep it applied: gradients are multiplied by the mask before each step and the weights after
// it. The input normalization is set from the training pixels.
TrainingLog train_network(Network& net, const FashionMnist& data, const TrainingSchedule& schedule,
                          std::uint64_t seed, bool start_from_weights);

// Logits (count × 10, row per image) of libtorch's forward pass (conv2d, max_pool2d, linear)
// over the first `count` images (all when 0).
std::vector<float> libtorch_logits(const Network& net, const LabeledImages& images, int count = 0);

std::string libtorch_version();

// False when the project was built without libtorch (libtorch_unavailable.cpp): the task
// implementations then stay registered, so claims load, and report themselves unsupported.
bool libtorch_available();

}  // namespace claimbench::accuracy
