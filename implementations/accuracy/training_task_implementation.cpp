// Task implementations of kind `training` (data/workloads/fashion-mnist.csv): prepare() trains
// the workload's recipe for each of its seeds with libtorch (or loads it from the results
// database), run() classifies the 10,000 test images with each seed's model through one of
// our kernels (timed), check() compares those logits with libtorch's forward pass.
//
//   fmnist.own-dense        every layer on the own SGEMM (dense/own_sgemm.hpp)
//   fmnist.own-nm           N:M layers on the N:M sparse kernel (nm/sparse_gemm_nm.hpp)
//   fmnist.dense-reference  the same model, seeds and schedule trained dense, on the own SGEMM:
//                           the comparison point of the accuracy claims (role baseline)
//   fmnist.memory-model     the storage and memory-reference model of the pruned masks
//                           (memory_reference_model.hpp); evidence: modeled
//   fmnist.own-csr          pruned layers on the CSR kernel (sparse/sparse_gemm_csr.hpp, variant
//                           by the layer's density), unpruned layers on the own SGEMM
// Quantization cost (dense recipes only; the same trained fp32 models, quantized after
// training, every layer; own_kernel_inference.hpp says how):
//   fmnist.int8             own int8 VNNI GEMM, per-channel weights, per-tensor activations
//   fmnist.lut-w4 / -w3     LUT-GEMM on 4- / 3-bit uniform BCQ weights (groups of 128)
//   fmnist.bf16 / fp16      own AVX512-BF16 / AVX512-FP16 GEMMs
// Their check() compares the logits with a float64 forward pass on the same quantized operands
// (not libtorch: libtorch computes fp32); accuracy_delta is (quantized − fp32) per seed, paired,
// and agreement is the fraction of test images whose prediction equals the fp32 model's.
//
// Accuracy counters are over seeds: `accuracy` is the mean, accuracy.ci_low/ci_high its 95%
// Student-t interval over the seeds, and accuracy_delta the mean over seeds of (this model −
// the dense model it was pruned from), with its own paired interval: the seed-to-seed spread
// that decides whether a sparse recipe is within noise of dense. For coarse and N:M grains,
// accuracy_loss_vs_fine is the paired (fine-grained at the same sparsity − this) difference.
// The fine and dense comparison models are scored by libtorch's forward pass, which every
// measurement of their own workloads checks against our kernels.
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

#include "accuracy/fashion_mnist_models.hpp"
#include "accuracy/memory_reference_model.hpp"
#include "accuracy/own_kernel_inference.hpp"
#include "claimbench/input_error.hpp"
#include "claimbench/registry.hpp"
#include "nm/sparse_gemm_nm.hpp"

namespace claimbench::accuracy {
namespace {

enum class Role { own_dense, own_nm, dense_reference, memory_model, own_csr, int8, lut4, lut3, bf16, fp16 };

InferenceKernel kernel_of(Role role) {
  switch (role) {
    case Role::own_nm: return InferenceKernel::own_nm;
    case Role::own_csr: return InferenceKernel::own_csr;
    case Role::int8: return InferenceKernel::int8;
    case Role::lut4: return InferenceKernel::lut4;
    case Role::lut3: return InferenceKernel::lut3;
    case Role::bf16: return InferenceKernel::bf16;
    case Role::fp16: return InferenceKernel::fp16;
    default: return InferenceKernel::own_dense;
  }
}

bool quantized(Role role) { return is_quantized(kernel_of(role)); }

// check() of a quantized path compares the first kQuantizedCheckImages test images of each seed
// with the float64 reference (about a second per seed for the CNN). A whole number of batches:
// the int8 activation scale is taken per batch of kBatch images, so the reference must see the
// same batches as the kernel did.
constexpr int kQuantizedCheckImages = 8 * kBatch;

struct SeedStatistics {
  double mean = 0.0, stddev = 0.0, ci_low = 0.0, ci_high = 0.0;
};

// Mean and 95% Student-t interval over seeds (a single seed: the interval is the point).
SeedStatistics seed_statistics(const std::vector<double>& values) {
  SeedStatistics s;
  const double n = static_cast<double>(values.size());
  for (double v : values) s.mean += v / n;
  if (values.size() < 2) {
    s.ci_low = s.ci_high = s.mean;
    return s;
  }
  double ss = 0.0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.stddev = std::sqrt(ss / (n - 1.0));
  const boost::math::students_t t(n - 1.0);
  const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * s.stddev / std::sqrt(n);
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  return s;
}

double accuracy_of(const std::vector<int>& predictions, const LabeledImages& test) {
  std::size_t correct = 0;
  for (std::size_t i = 0; i < predictions.size(); ++i) correct += predictions[i] == test.labels[i];
  return static_cast<double>(correct) / static_cast<double>(predictions.size());
}

// GEMM work of one image: dense-equivalent and on kept weights.
std::pair<double, double> flops_per_image(const Network& net) {
  double dense = 0.0, useful = 0.0;
  for (const auto& l : net.layers) {
    const double positions = l.conv ? static_cast<double>(l.out_h()) * l.out_w() : 1.0;
    dense += 2.0 * static_cast<double>(l.weight_count()) * positions;
    useful += 2.0 * static_cast<double>(l.kept_count()) * positions;
  }
  return {dense, useful};
}

void add_statistics(Counters& c, const std::string& name, const std::vector<double>& values) {
  const auto s = seed_statistics(values);
  c.extra[name] = s.mean;
  c.extra[name + ".ci_low"] = s.ci_low;
  c.extra[name + ".ci_high"] = s.ci_high;
  c.extra[name + ".seed_stddev"] = s.stddev;
}

class FashionMnistTask final : public TaskImplementation {
 public:
  explicit FashionMnistTask(Role role) : role_(role) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.task = "training";
    i.device = "cpu";
    i.precision = "fp32";
    i.technique = "pruning-accuracy";
    switch (role_) {
      case Role::own_dense:
        i.name = "fmnist.own-dense";
        i.description = "Fashion-MNIST model of the workload's recipe (libtorch training), test set classified by the own packed SGEMM";
        break;
      case Role::own_nm:
        i.name = "fmnist.own-nm";
        i.description = "Fashion-MNIST model of an N:M recipe, its N:M layers classified by the own N:M sparse kernel";
        break;
      case Role::dense_reference:
        i.name = "fmnist.dense-reference";
        i.technique = "dense";
        i.dense_baseline = true;
        i.description = "The dense Fashion-MNIST model of the workload's model, seeds and schedule, on the own SGEMM";
        break;
      case Role::memory_model:
        i.name = "fmnist.memory-model";
        i.evidence = EvidenceKind::modeled;
        i.description = "Storage (values, indices) and per-image memory references of the pruned model at its granularity, and of fine-grained pruning at the same sparsity";
        break;
      case Role::own_csr:
        i.name = "fmnist.own-csr";
        i.technique = "unstructured-sparse";
        i.description = "Fashion-MNIST model of a pruned recipe, its pruned layers classified by the own CSR kernel (variant by density)";
        break;
      case Role::int8:
        i.name = "fmnist.int8";
        i.precision = "int8";
        i.technique = "quantization";
        i.description = "The dense Fashion-MNIST model quantized after training: own int8 VNNI GEMM, per-output-channel symmetric weights, per-tensor symmetric activations (dynamic, per batch of 256 images), int32 accumulation";
        break;
      case Role::lut4:
      case Role::lut3:
        i.name = role_ == Role::lut4 ? "fmnist.lut-w4" : "fmnist.lut-w3";
        i.precision = role_ == Role::lut4 ? "w4a32" : "w3a32";
        i.technique = "lut-gemm";
        i.description = std::string("The dense Fashion-MNIST model with ") + (role_ == Role::lut4 ? "4" : "3") +
                        "-bit uniform BCQ weights (groups of 128, fp16 scales), every layer on LUT-GEMM, fp32 activations";
        break;
      case Role::bf16:
        i.name = "fmnist.bf16";
        i.precision = "bf16";
        i.technique = "quantization";
        i.description = "The dense Fashion-MNIST model with weights and layer inputs rounded to bf16, own AVX512-BF16 GEMM (fp32 accumulation)";
        break;
      case Role::fp16:
        i.name = "fmnist.fp16";
        i.precision = "fp16";
        i.technique = "quantization";
        i.description = "The dense Fashion-MNIST model with weights and layer inputs rounded to fp16, own AVX512-FP16 GEMM (fp16 accumulation in blocks of 256)";
        break;
    }
    return i;
  }

  Support supports(const Workload& w, const ExecutionConfig&) const override {
    const RecipeSpec spec = recipe_from_workload(w, w.seed);  // throws InputError on a bad row
    if (!libtorch_available())
      return Support::no("built without libtorch: install libtorch-dev (Debian) and rebuild to train the models");
    if (role_ == Role::own_nm) {
      if (spec.pruning.granularity != Granularity::nm)
        return Support::no("recipe " + spec.pruning.str() + " is not N:M");
      if (!nm::best_sparse_gemm_nm_variant(spec.pruning.pattern.n, spec.pruning.pattern.m))
        return Support::no("no compiled N:M kernel for " + spec.pruning.pattern.str() + " on this CPU");
    }
    if (role_ == Role::own_csr && spec.pruning.granularity == Granularity::dense)
      return Support::no("recipe dense has no pruned layer for the CSR kernel");
    if (quantized(role_)) {
      if (spec.pruning.granularity != Granularity::dense)
        return Support::no("quantization cost is measured on the dense models (recipe " + spec.pruning.str() + ")");
      const std::string why = kernel_unavailable(kernel_of(role_));
      if (!why.empty()) return Support::no(why);
    }
    try {
      fashion_mnist();
    } catch (const DataError& e) {
      return Support::no(e.what());
    }
    return Support::yes();
  }

  void prepare(const Workload& w, const ExecutionConfig& config) override {
    // A --quick smoke run: one seed, one epoch, a sixth of the training images. Its models have
    // their own cache keys (the schedule is part of the key) and its counters say smoke = 1.
    smoke_ = config.quick;
    const int seeds = smoke_ ? 1 : seeds_of(w);
    std::vector<RecipeSpec> specs, parents, fine;
    for (int s = 0; s < seeds; ++s) {
      RecipeSpec spec = recipe_from_workload(w, w.seed + static_cast<std::uint64_t>(s));
      if (smoke_) {
        spec.schedule.epochs = 1;
        spec.retrain_epochs = std::min(spec.retrain_epochs, 1);
        spec.schedule.train_limit = 10000;
      }
      specs.push_back(spec);
      parents.push_back(spec.dense_parent());
      // Coarse and N:M grains are compared with fine grains at the same sparsity, trained the
      // same way (the fine workload of the table has the same key, so it is trained once).
      if (spec.pruning.granularity != Granularity::dense && spec.pruning.granularity != Granularity::fine) {
        RecipeSpec f = spec;
        f.pruning = PruningSpec{Granularity::fine, spec.pruning.nominal_sparsity(), {}};
        fine.push_back(f);
      }
    }
    spec_ = specs.front();
    const int workers = std::max(1u, std::thread::hardware_concurrency());
    parents_ = obtain_models(parents, config.cache, workers);
    models_ = role_ == Role::dense_reference || quantized(role_) ? parents_ : obtain_models(specs, config.cache, workers);
    fine_models_.clear();
    if (role_ == Role::own_dense || role_ == Role::own_nm || role_ == Role::own_csr) fine_models_ = obtain_models(fine, config.cache, workers);
    threads_ = config.threads;
    const auto& test = fashion_mnist().test;
    prepared_.clear();
    inputs_.clear();
    reference_logits_.clear();
    logits_.assign(models_.size(), {});
    if (role_ == Role::memory_model) {
      fine_.clear();
      for (std::size_t s = 0; s < models_.size(); ++s) {
        Network fine = parents_[s]->net;
        PruningSpec spec{Granularity::fine, spec_.pruning.nominal_sparsity(), {}};
        if (spec_.pruning.granularity != Granularity::dense) prune_network(fine, spec);
        fine_.push_back(std::move(fine));
      }
      return;
    }
    for (const auto& model : models_) {
      prepared_.push_back(std::make_unique<PreparedInference>(
          model->net, kernel_of(role_),
          spec_.pruning.granularity == Granularity::nm ? spec_.pruning.pattern : NMPattern{2, 4}, threads_));
      inputs_.push_back(normalize_images(model->net, test));
    }
  }

  void run() override {
    if (role_ == Role::memory_model) {
      memory_.clear();
      fine_memory_.clear();
      for (std::size_t s = 0; s < models_.size(); ++s) {
        memory_.push_back(model_memory(models_[s]->net, spec_.pruning));
        fine_memory_.push_back(model_memory(fine_[s], spec_.pruning.granularity == Granularity::dense
                                                          ? spec_.pruning
                                                          : PruningSpec{Granularity::fine, spec_.pruning.nominal_sparsity(), {}}));
      }
      return;
    }
    const int count = test_count();
    for (std::size_t s = 0; s < prepared_.size(); ++s) prepared_[s]->logits(inputs_[s], count, logits_[s]);
  }

  TaskCheckResult check() const override {
    TaskCheckResult r;
    if (role_ == Role::memory_model) return check_masks();
    if (quantized(role_)) return check_quantized();
    r.mode = "libtorch 1.13 forward pass of the same weights (logits and predictions)";
    r.passed = true;
    for (std::size_t s = 0; s < logits_.size(); ++s) {
      const auto& ours = logits_[s];
      const auto& reference = models_[s]->libtorch_logits;
      if (ours.size() != static_cast<std::size_t>(test_count()) * 10 || reference.size() < ours.size()) {
        r.passed = false;
        r.detail = "seed " + std::to_string(spec_.seed + s) + ": " + std::to_string(ours.size()) + " logits, libtorch gave " +
                   std::to_string(reference.size());
        return r;
      }
      for (std::size_t image = 0; image < ours.size() / 10; ++image) {  // reference covers the whole test set
        // Different summation orders differ by rounding: allow 1e-4 of the row's logit scale.
        float scale = 1.0f;
        for (int c = 0; c < 10; ++c) scale = std::max(scale, std::fabs(reference[image * 10 + c]));
        const double allowed = 1e-4 * scale;
        for (int c = 0; c < 10; ++c) {
          const double error = std::fabs(static_cast<double>(ours[image * 10 + c]) - reference[image * 10 + c]);
          const double ratio = std::isfinite(error) ? error / allowed : INFINITY;
          r.max_error_ratio = std::max(r.max_error_ratio, ratio);
          ++r.checked;
          if (!(ratio <= 1.0) && r.passed) {
            r.passed = false;
            r.detail = "seed " + std::to_string(spec_.seed + s) + ", test image " + std::to_string(image) + ", class " +
                       std::to_string(c) + ": logit " + std::to_string(ours[image * 10 + c]) + ", libtorch " +
                       std::to_string(reference[image * 10 + c]);
          }
        }
      }
    }
    return r;
  }

  Counters counters() const override {
    Counters c;
    const auto& test = fashion_mnist().test;
    std::vector<double> accuracy, dense_accuracy, delta, ratio, agreement, sparsity, loss_vs_fine;
    double train_seconds = 0.0, cached = 0.0;
    for (std::size_t s = 0; s < models_.size(); ++s) {
      const double dense = accuracy_of(first(argmax_rows(parents_[s]->libtorch_logits)), test);
      dense_accuracy.push_back(dense);
      sparsity.push_back(models_[s]->net.sparsity());
      train_seconds += models_[s]->train_seconds;
      cached += models_[s]->from_cache;
      if (role_ != Role::memory_model && !logits_[s].empty()) {
        const auto ours = argmax_rows(logits_[s]);
        auto theirs = argmax_rows(models_[s]->libtorch_logits);
        theirs.resize(ours.size());
        std::size_t same = 0;
        for (std::size_t i = 0; i < ours.size(); ++i) same += ours[i] == theirs[i];
        accuracy.push_back(accuracy_of(ours, test));
        agreement.push_back(static_cast<double>(same) / static_cast<double>(ours.size()));
        delta.push_back(accuracy.back() - dense);
        ratio.push_back(accuracy.back() / dense);
        if (s < fine_models_.size())
          loss_vs_fine.push_back(accuracy_of(first(argmax_rows(fine_models_[s]->libtorch_logits)), test) - accuracy.back());
        c.extra["accuracy.seed" + std::to_string(spec_.seed + s)] = accuracy.back();
      }
    }
    c.extra["seeds"] = static_cast<double>(models_.size());
    c.extra["epochs"] = spec_.schedule.epochs;
    c.extra["retrain_epochs"] = spec_.recipe == "retrain" ? spec_.retrain_epochs : 0;
    c.extra["sparsity"] = seed_statistics(sparsity).mean;
    c.extra["sparsity.nominal"] = spec_.pruning.nominal_sparsity();
    c.extra["training.seconds"] = train_seconds;
    c.extra["training.cached_models"] = cached;
    c.extra["smoke"] = smoke_ ? 1.0 : 0.0;
    c.extra["test_images"] = test_count();
    add_statistics(c, "dense_accuracy", dense_accuracy);
    if (role_ == Role::memory_model) {
      memory_counters(c);
      c.kernel = "memory-reference model (" + spec_.pruning.str() + ")";
      c.isa = "none";
      return c;
    }
    if (!accuracy.empty()) {
      add_statistics(c, "accuracy", accuracy);
      add_statistics(c, "accuracy_delta", delta);
      add_statistics(c, "accuracy_ratio", ratio);
      add_statistics(c, "agreement", agreement);
      if (!loss_vs_fine.empty()) add_statistics(c, "accuracy_loss_vs_fine", loss_vs_fine);
      if (quantized(role_)) {
        // The quantization's cost in points, positive = lost (the claim's "loss").
        std::vector<double> loss(delta.size());
        std::transform(delta.begin(), delta.end(), loss.begin(), [](double d) { return -d; });
        add_statistics(c, "quantization_loss", loss);
        c.extra["quantization.check_images"] = std::min(kQuantizedCheckImages, test_count());
      }
      c.extra["agreement.min"] = *std::min_element(agreement.begin(), agreement.end());
    }
    if (!prepared_.empty()) {
      c.kernel = prepared_.front()->kernels();
      c.isa = c.kernel.find("avx512") != std::string::npos ? "avx512"
              : c.kernel.find("avx2") != std::string::npos ? "avx2" : "scalar";
      c.operand_bytes = prepared_.front()->weight_operand_bytes();
      c.extra["sparse_layers"] = prepared_.front()->sparse_layers();
      const auto [dense_flops, useful_flops] = flops_per_image(models_.front()->net);
      const double work = static_cast<double>(test_count()) * static_cast<double>(models_.size());
      c.dense_equivalent_flops = dense_flops * work;
      c.useful_flops = (role_ == Role::own_nm || role_ == Role::own_csr ? useful_flops : dense_flops) * work;
    }
    return c;
  }

 private:
  void memory_counters(Counters& c) const {
    std::vector<double> values, indices, total, dense, refs, fine_refs, reduction, size_reduction, parameter_reduction;
    for (std::size_t s = 0; s < memory_.size(); ++s) {
      const auto& m = memory_[s];
      values.push_back(m.footprint.value_bytes);
      indices.push_back(m.footprint.index_bytes);
      total.push_back(m.footprint.total());
      dense.push_back(m.footprint.dense_bytes);
      refs.push_back(m.references.total());
      fine_refs.push_back(fine_memory_[s].references.total());
      reduction.push_back(fine_memory_[s].references.total() / m.references.total());
      size_reduction.push_back(m.footprint.dense_bytes / m.footprint.total());
      parameter_reduction.push_back(static_cast<double>(models_[s]->net.weight_count()) /
                                    static_cast<double>(models_[s]->net.kept_count()));
    }
    c.extra["memory.value_bytes"] = seed_statistics(values).mean;
    c.extra["memory.index_bytes"] = seed_statistics(indices).mean;
    c.extra["memory.stored_bytes"] = seed_statistics(total).mean;
    c.extra["memory.dense_bytes"] = seed_statistics(dense).mean;
    c.extra["memory.references_per_image"] = seed_statistics(refs).mean;
    c.extra["memory.fine_references_per_image"] = seed_statistics(fine_refs).mean;
    add_statistics(c, "memory_reference_reduction", reduction);
    add_statistics(c, "size_reduction", size_reduction);
    add_statistics(c, "parameter_reduction", parameter_reduction);
    c.operand_bytes = seed_statistics(total).mean;
  }

  // The predictions on the images this measurement classifies (all of them unless smoke).
  std::vector<int> first(std::vector<int> predictions) const {
    predictions.resize(static_cast<std::size_t>(test_count()));
    return predictions;
  }

  // The quantized kernel's logits against a float64 forward pass on the same quantized operands
  // (own_kernel_inference.hpp: reference = true), on the first kQuantizedCheckImages images.
  TaskCheckResult check_quantized() const {
    TaskCheckResult r;
    const InferenceKernel kernel = kernel_of(role_);
    const double tolerance = reference_tolerance(kernel);
    const int images = std::min(kQuantizedCheckImages, test_count());
    r.mode = std::string("float64 forward pass on the same ") + to_string(kernel) +
             " operands (weights quantized/rounded by the same rules, each layer input quantized/rounded the same way, "
             "products summed in double), first " + std::to_string(images) + " test images of each seed; logits within " +
             std::to_string(tolerance) + " of max(1, |largest logit|)";
    r.passed = true;
    for (std::size_t s = 0; s < logits_.size(); ++s) {
      if (logits_[s].size() < static_cast<std::size_t>(images) * 10) {
        r.passed = false;
        r.detail = "seed " + std::to_string(spec_.seed + s) + ": the kernel has not run";
        return r;
      }
      // The reference depends only on the model and the inputs: computed once per prepare().
      if (s >= reference_logits_.size()) reference_logits_.resize(s + 1);
      std::vector<float>& reference = reference_logits_[s];
      if (reference.size() != static_cast<std::size_t>(images) * 10) {
        PreparedInference oracle(models_[s]->net, kernel, NMPattern{2, 4}, 1, true);
        oracle.logits(inputs_[s], images, reference);
      }
      for (int image = 0; image < images; ++image) {
        double scale = 1.0;
        for (int c = 0; c < 10; ++c) scale = std::max(scale, std::fabs(static_cast<double>(reference[image * 10 + c])));
        for (int c = 0; c < 10; ++c) {
          const std::size_t at = static_cast<std::size_t>(image) * 10 + c;
          const double error = std::fabs(static_cast<double>(logits_[s][at]) - reference[at]);
          const double ratio = std::isfinite(error) ? error / (tolerance * scale) : INFINITY;
          r.max_error_ratio = std::max(r.max_error_ratio, ratio);
          ++r.checked;
          if (!(ratio <= 1.0) && r.passed) {
            r.passed = false;
            r.detail = "seed " + std::to_string(spec_.seed + s) + ", test image " + std::to_string(image) + ", class " +
                       std::to_string(c) + ": logit " + std::to_string(logits_[s][at]) + ", float64 reference " +
                       std::to_string(reference[at]);
          }
        }
      }
    }
    return r;
  }

  TaskCheckResult check_masks() const {
    TaskCheckResult r;
    r.mode = "invariants: masks zero their weights and form whole grains; sparsity matches the recipe";
    r.passed = true;
    if (memory_.size() != models_.size()) {
      r.passed = false;
      r.detail = "the memory model has not run";
      return r;
    }
    for (std::size_t s = 0; s < models_.size(); ++s) {
      const Network& net = models_[s]->net;
      for (std::size_t i = 0; i < net.layers.size(); ++i) {
        ++r.checked;
        const auto layer_pruning = layer_spec(net, i, spec_.pruning);
        const Layer& layer = net.layers[i];
        if (layer_pruning && !mask_has_structure(layer, layer_pruning->granularity)) {
          r.passed = false;
          r.detail = "seed " + std::to_string(spec_.seed + s) + ", layer " + layer.name + ": mask is not whole " +
                     to_string(layer_pruning->granularity) + " grains";
          return r;
        }
        if (layer_pruning && layer_pruning->granularity == Granularity::nm &&
            !satisfies_nm(layer.weight.data(), layer.out, layer.k(), layer.k(), layer_pruning->pattern)) {
          r.passed = false;
          r.detail = "layer " + layer.name + " breaks " + layer_pruning->pattern.str();
          return r;
        }
      }
      ++r.checked;
      if (!(memory_[s].references.total() > 0.0 && memory_[s].footprint.total() > 0.0)) {
        r.passed = false;
        r.detail = "empty memory model";
      }
    }
    return r;
  }

  // A smoke run classifies the first 2,000 test images (the counter test_images says how many).
  int test_count() const { return smoke_ ? std::min(2000, fashion_mnist().test.count) : fashion_mnist().test.count; }

  Role role_;
  RecipeSpec spec_;
  bool smoke_ = false;
  int threads_ = 1;
  std::vector<std::shared_ptr<const TrainedModel>> models_, parents_, fine_models_;
  std::vector<std::unique_ptr<PreparedInference>> prepared_;
  std::vector<std::vector<float>> inputs_, logits_;
  mutable std::vector<std::vector<float>> reference_logits_;  // quantized paths' float64 reference, per seed
  std::vector<Network> fine_;
  std::vector<MemoryModel> memory_, fine_memory_;
};

CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::own_dense);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::own_nm);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::dense_reference);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::memory_model);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::own_csr);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::int8);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::lut4);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::lut3);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::bf16);
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(FashionMnistTask, Role::fp16);

}  // namespace
}  // namespace claimbench::accuracy
