#include "accuracy/libtorch_training.hpp"
#include "accuracy/weight_masks.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cmath>
#include <numeric>
#include <random>

// Debian's libtorch calls OpenBLAS (through libblas.so.3). Its pthread build shares one pool of
// helper threads that spin while they wait; two trainings on two threads then fight over it and
// ran many times slower here. Each training uses one intra-op thread, so OpenBLAS gets one too.
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace claimbench::accuracy {

std::string libtorch_version() { return TORCH_VERSION; }

bool libtorch_available() { return true; }

namespace {

void one_thread() {
  torch::set_num_threads(1);
  if (openblas_set_num_threads) openblas_set_num_threads(1);
}

struct Params {
  std::vector<torch::Tensor> weight, bias, mask;  // mask undefined for dense layers
};

torch::Tensor to_tensor(const std::vector<float>& v, const Layer& l, bool weight_shape) {
  auto t = torch::from_blob(const_cast<float*>(v.data()), {static_cast<long>(v.size())}, torch::kFloat32).clone();
  if (!weight_shape) return t;
  return l.conv ? t.view({l.out, l.in, l.kh, l.kw}) : t.view({l.out, l.in});
}

void copy_out(const torch::Tensor& t, std::vector<float>& v) {
  auto c = t.detach().contiguous().view({-1});
  std::memcpy(v.data(), c.data_ptr<float>(), v.size() * sizeof(float));
}

Params make_params(const Network& net) {
  Params p;
  for (const auto& l : net.layers) {
    p.weight.push_back(to_tensor(l.weight, l, true));
    p.bias.push_back(to_tensor(l.bias, l, false));
    p.mask.push_back(l.mask.empty() ? torch::Tensor() : to_tensor(l.mask, l, true));
  }
  return p;
}

torch::Tensor forward(const Network& net, const Params& p, torch::Tensor x) {
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    if (l.conv) {
      x = torch::conv2d(x, p.weight[i], p.bias[i], /*stride=*/1, /*padding=*/l.pad);
    } else {
      x = torch::linear(x.flatten(1), p.weight[i], p.bias[i]);
    }
    if (l.relu_after) x = torch::relu(x);
    if (l.pool_after) x = torch::max_pool2d(x, 2, 2);
  }
  return x;
}

// Pixels as normalized floats, shaped for the model's first layer.
torch::Tensor input_tensor(const Network& net, const LabeledImages& images, int count) {
  auto bytes = torch::from_blob(const_cast<std::uint8_t*>(images.pixels.data()),
                                {count, net.in_channels, images.rows, images.cols}, torch::kUInt8);
  return (bytes.to(torch::kFloat32).div_(255.0f).sub_(net.input_mean)).div_(net.input_std);
}

}  // namespace

TrainingLog train_network(Network& net, const FashionMnist& data, const TrainingSchedule& schedule,
                          std::uint64_t seed, bool start_from_weights) {
  one_thread();
  const auto started = std::chrono::steady_clock::now();
  const int count = schedule.train_limit > 0 ? std::min(schedule.train_limit, data.train.count) : data.train.count;

  // Normalization from the training pixels actually used.
  {
    double sum = 0.0, sum_sq = 0.0;
    const std::size_t n = static_cast<std::size_t>(count) * data.train.rows * data.train.cols;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = data.train.pixels[i] / 255.0;
      sum += v;
      sum_sq += v * v;
    }
    net.input_mean = static_cast<float>(sum / n);
    net.input_std = static_cast<float>(std::sqrt(std::max(sum_sq / n - (sum / n) * (sum / n), 1e-12)));
  }

  if (!start_from_weights) {
    // Our own generator rather than torch's global one, so seeds can train on parallel threads.
    std::mt19937_64 rng(seed);
    for (auto& l : net.layers) {
      const float bound = 1.0f / std::sqrt(static_cast<float>(l.k()));
      std::uniform_real_distribution<float> uniform(-bound, bound);
      for (auto& w : l.weight) w = uniform(rng);
      for (auto& b : l.bias) b = uniform(rng);
    }
  }
  apply_masks(net);

  Params p = make_params(net);
  std::vector<torch::Tensor> parameters;
  for (std::size_t i = 0; i < p.weight.size(); ++i) {
    p.weight[i].set_requires_grad(true);
    p.bias[i].set_requires_grad(true);
    parameters.push_back(p.weight[i]);
    parameters.push_back(p.bias[i]);
  }
  torch::optim::SGD optimizer(parameters, torch::optim::SGDOptions(schedule.learning_rate)
                                              .momentum(schedule.momentum)
                                              .nesterov(true)
                                              .weight_decay(schedule.weight_decay));

  const torch::Tensor inputs = input_tensor(net, data.train, count);
  const torch::Tensor labels =
      torch::from_blob(const_cast<std::uint8_t*>(data.train.labels.data()), {count}, torch::kUInt8).to(torch::kLong);

  TrainingLog log;
  const int batches = (count + schedule.batch_size - 1) / schedule.batch_size;
  const double total_steps = static_cast<double>(batches) * schedule.epochs;
  std::vector<long> order(static_cast<std::size_t>(count));
  for (int epoch = 0; epoch < schedule.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0L);
    std::mt19937_64 rng(seed * 1000003ULL + static_cast<std::uint64_t>(epoch));
    std::shuffle(order.begin(), order.end(), rng);
    const auto index = torch::from_blob(order.data(), {count}, torch::kLong);
    double epoch_loss = 0.0;
    for (int b = 0; b < batches; ++b) {
      // Cosine decay per step, from the peak rate to zero at the end of the schedule.
      const double progress = static_cast<double>(log.steps) / total_steps;
      for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::SGDOptions&>(group.options()).lr(schedule.learning_rate * 0.5 *
                                                                   (1.0 + std::cos(M_PI * progress)));
      const long begin = static_cast<long>(b) * schedule.batch_size;
      const long end = std::min<long>(begin + schedule.batch_size, count);
      const auto batch_index = index.slice(0, begin, end);
      const auto x = inputs.index_select(0, batch_index);
      const auto y = labels.index_select(0, batch_index);
      optimizer.zero_grad();
      auto loss = torch::nn::functional::cross_entropy(forward(net, p, x), y);
      loss.backward();
      for (std::size_t i = 0; i < p.weight.size(); ++i)
        if (p.mask[i].defined()) p.weight[i].mutable_grad().mul_(p.mask[i]);
      optimizer.step();
      {
        // Weight decay and momentum act on masked weights too; re-applying keeps them at zero.
        torch::NoGradGuard no_grad;
        for (std::size_t i = 0; i < p.weight.size(); ++i)
          if (p.mask[i].defined()) p.weight[i].mul_(p.mask[i]);
      }
      epoch_loss += loss.item<double>() * static_cast<double>(end - begin);
      ++log.steps;
    }
    log.final_epoch_loss = epoch_loss / count;
  }
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    copy_out(p.weight[i], net.layers[i].weight);
    copy_out(p.bias[i], net.layers[i].bias);
  }
  apply_masks(net);
  log.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return log;
}

std::vector<float> libtorch_logits(const Network& net, const LabeledImages& images, int count) {
  one_thread();
  torch::NoGradGuard no_grad;
  if (count <= 0 || count > images.count) count = images.count;
  const Params p = make_params(net);
  std::vector<float> logits(static_cast<std::size_t>(count) * 10);
  const torch::Tensor inputs = input_tensor(net, images, count);
  constexpr int kChunk = 1000;
  for (int begin = 0; begin < count; begin += kChunk) {
    const int n = std::min(kChunk, count - begin);
    auto x = inputs.slice(0, begin, begin + n);
    auto out = forward(net, p, x).contiguous();
    std::memcpy(logits.data() + static_cast<std::size_t>(begin) * 10, out.data_ptr<float>(),
                static_cast<std::size_t>(n) * 10 * sizeof(float));
  }
  return logits;
}

}  // namespace claimbench::accuracy
