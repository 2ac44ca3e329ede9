// Task implementations of the modeled evidence (no kernel runs; the "run" evaluates the model):
//
//   energy.model.<dram>.w<bits>.<mac>   kind energy-scenario: joules per generated token of a
//       decoder LLM at decode, one weight read per step shared by `batch` sequences:
//         E/token = P·pJ(mac) + P·bits/8/batch·8·pJ/bit(dram)
//       (P = parameters; KV-cache traffic, activations, idle/background power and the host are
//       left out and named in the description). Configurations differ by DRAM type, weight
//       bits and MAC precision, so one claim can split a gain into memory type and compression.
//   roofline.spec-sheet                 kind roofline-scenario: attainable TOPS of a device at an
//       arithmetic intensity (min(peak, intensity × bandwidth)), TOPS per board watt, and the
//       ratio against a reference device, from data/roofline/accelerators.csv.
//
// check() re-derives every counter by a second path (directly from the constant tables, in
// long double) and compares; a scenario naming an unknown device or DRAM is unsupported with
// the reason.
#include <cmath>
#include <limits>
#include <string>

#include "claimbench/registry.hpp"
#include "energy/energy_model.hpp"
#include "energy/roofline.hpp"

namespace claimbench::energy {
namespace {

double relative_difference(long double a, long double b) {
  const long double scale = std::max(std::fabs(a), std::fabs(b));
  return scale == 0 ? 0.0 : static_cast<double>(std::fabs(a - b) / scale);
}

class EnergyScenario final : public TaskImplementation {
 public:
  EnergyScenario(std::string dram, int weight_bits, std::string mac) : dram_(std::move(dram)), bits_(weight_bits), mac_(std::move(mac)) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "energy.model." + dram_ + ".w" + std::to_string(bits_) + "." + mac_;
    i.technique = "energy-model";
    i.device = "model";
    i.precision = "w" + std::to_string(bits_) + "/" + mac_;
    i.evidence = EvidenceKind::modeled;
    i.task = "energy-scenario";
    i.description = "Energy per generated token (decode): parameters × pJ per " + mac_ + " MAC + weight bytes (" +
                    std::to_string(bits_) + "-bit) / batch × pJ/bit of " + dram_ +
                    " (data/energy, 45 nm arithmetic). Leaves out KV-cache traffic, activations, idle, refresh "
                    "and host power.";
    return i;
  }
  Support supports(const Workload& w, const ExecutionConfig&) const override {
    try {
      EnergyModel::builtin().memory_pj_per_bit("dram." + dram_);
      EnergyModel::builtin().op_pj("mac." + mac_);
    } catch (const std::exception& e) {
      return Support::no(e.what());
    }
    (void)w;
    return Support::yes();
  }
  void prepare(const Workload& w, const ExecutionConfig&) override {
    params_ = w.field_double("params_b") * 1e9;
    batch_ = static_cast<double>(w.field_int("batch", 1));
    if (!(params_ > 0)) throw std::invalid_argument(w.file + ":" + std::to_string(w.line) + ": params_b must be > 0");
  }
  void run() override {
    WorkProfile work;
    work.ops = {{"mac." + mac_, params_}};
    work.dram_bytes = params_ * bits_ / 8.0 / batch_;
    estimate_ = EnergyModel::builtin().estimate(work, "dram." + dram_);
    low_ = high_ = estimate_;
    const Constant* c = nullptr;
    for (const auto& m : EnergyModel::builtin().memory())
      if (m.id == "dram." + dram_) c = &m;
    low_.dram_j = work.dram_bytes * 8 * c->low * 1e-12;
    high_.dram_j = work.dram_bytes * 8 * c->high * 1e-12;
  }
  TaskCheckResult check() const override {
    const EnergyModel& m = EnergyModel::builtin();
    long double mac = 0, bit = 0;
    for (const auto& o : m.operations()) {
      if (o.id == "mul." + mac_) mac += o.value;
      if (o.id == (mac_.rfind("int", 0) == 0 ? "add.int32" : "add.fp32")) mac += o.value;
    }
    for (const auto& c : m.memory())
      if (c.id == "dram." + dram_) bit = c.value;
    const long double compute = static_cast<long double>(params_) * mac * 1e-12L;
    const long double dram = static_cast<long double>(params_) * bits_ / batch_ * bit * 1e-12L;
    TaskCheckResult r;
    r.mode = "re-derived from the constant tables in long double";
    r.checked = 3;
    const double e = std::max({relative_difference(compute, estimate_.compute_j), relative_difference(dram, estimate_.dram_j),
                               relative_difference(compute + dram, estimate_.total_j())});
    r.max_error_ratio = e / 1e-9;
    r.passed = r.max_error_ratio <= 1.0 && estimate_.compute_j > 0 && estimate_.dram_j > 0;
    if (!r.passed) r.detail = "model and re-derivation differ by " + std::to_string(e) + " (relative)";
    return r;
  }
  Counters counters() const override {
    Counters c;
    c.kernel = "energy-model[" + dram_ + ",w" + std::to_string(bits_) + "," + mac_ + "]";
    c.isa = "model";
    c.useful_flops = 2.0 * params_;
    c.dense_equivalent_flops = c.useful_flops;
    c.operand_bytes = params_ * bits_ / 8.0;
    c.bytes_moved = c.operand_bytes / batch_;
    c.extra["modeled_energy_j"] = estimate_.total_j();
    c.extra["modeled_energy_j.low"] = low_.total_j();
    c.extra["modeled_energy_j.high"] = high_.total_j();
    c.extra["modeled_compute_energy_j"] = estimate_.compute_j;
    c.extra["modeled_dram_energy_j"] = estimate_.dram_j;
    c.extra["modeled_dram_share"] = estimate_.dram_j / estimate_.total_j();
    c.extra["modeled_tokens_per_j"] = 1.0 / estimate_.total_j();
    c.extra["modeled_tops_per_w"] = tops_per_watt(2.0 * params_, estimate_.total_j());
    c.extra["weight_bits"] = bits_;
    c.extra["batch"] = batch_;
    return c;
  }

 private:
  std::string dram_;
  int bits_;
  std::string mac_;
  double params_ = 0, batch_ = 1;
  EnergyEstimate estimate_, low_, high_;
};

class RooflineScenario final : public TaskImplementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "roofline.spec-sheet";
    i.technique = "roofline-model";
    i.device = "model";
    i.precision = "per device row";
    i.evidence = EvidenceKind::modeled;
    i.task = "roofline-scenario";
    i.description = "Spec-sheet roofline (data/roofline/accelerators.csv): attainable = min(peak, ops/byte × "
                    "bandwidth), TOPS per board watt, ratios against a reference device. Vendor peaks, not "
                    "measurements.";
    return i;
  }
  Support supports(const Workload& w, const ExecutionConfig&) const override {
    try {
      Roofline::builtin().get(w.field("device"));
      if (!w.field("reference").empty()) Roofline::builtin().get(w.field("reference"));
    } catch (const std::invalid_argument& e) {
      return Support::no(e.what());
    }
    return Support::yes();
  }
  void prepare(const Workload& w, const ExecutionConfig&) override {
    device_ = w.field("device");
    reference_ = w.field("reference");
    const std::string& intensity = w.field("ops_per_byte");
    intensity_ = intensity == "peak" ? std::numeric_limits<double>::infinity() : w.field_double("ops_per_byte");
    sparse_ = w.field_int("sparse", 0) != 0;
  }
  void run() override {
    const Roofline& r = Roofline::builtin();
    attainable_ = evaluate(r, device_);
    reference_attainable_ = reference_.empty() ? 0.0 : evaluate(r, reference_);
  }
  TaskCheckResult check() const override {
    // Second path: the row's numbers, without the Roofline helpers.
    auto by_hand = [&](const std::string& id) -> long double {
      const DevicePeak& d = Roofline::builtin().get(id);
      const long double peak = sparse_ ? d.peak_tops_sparse : d.peak_tops_dense;
      if (std::isinf(intensity_)) return peak;
      const long double bw = static_cast<long double>(intensity_) * d.bandwidth_gbs / 1000.0L;
      return bw < peak ? bw : peak;
    };
    TaskCheckResult t;
    t.mode = "re-derived from the device rows";
    t.checked = reference_.empty() ? 1 : 2;
    double e = relative_difference(by_hand(device_), attainable_);
    if (!reference_.empty()) e = std::max(e, relative_difference(by_hand(reference_), reference_attainable_));
    t.max_error_ratio = e / 1e-12;
    t.passed = t.max_error_ratio <= 1.0 && attainable_ > 0;
    if (!t.passed) t.detail = "attainable TOPS differ from the device row by " + std::to_string(e);
    return t;
  }
  Counters counters() const override {
    const Roofline& r = Roofline::builtin();
    const DevicePeak& d = r.get(device_);
    Counters c;
    c.kernel = "roofline[" + device_ + (reference_.empty() ? "" : " vs " + reference_) + "]";
    c.isa = "model";
    c.extra["attainable_tops"] = attainable_;
    c.extra["peak_tops"] = sparse_ ? d.peak_tops_sparse : d.peak_tops_dense;
    if (d.bandwidth_gbs > 0) c.extra["ridge_ops_per_byte"] = c.extra["peak_tops"] * 1000.0 / d.bandwidth_gbs;
    if (d.board_power_w > 0) c.extra["attainable_tops_per_w"] = attainable_ / d.board_power_w;
    if (!reference_.empty()) {
      const DevicePeak& ref = r.get(reference_);
      c.extra["reference_attainable_tops"] = reference_attainable_;
      c.extra["roofline_ratio"] = attainable_ / reference_attainable_;
      if (d.board_power_w > 0 && ref.board_power_w > 0)
        c.extra["tops_per_w_ratio"] = (attainable_ / d.board_power_w) / (reference_attainable_ / ref.board_power_w);
      if (d.bandwidth_gbs > 0 && ref.bandwidth_gbs > 0) c.extra["bandwidth_ratio"] = d.bandwidth_gbs / ref.bandwidth_gbs;
    }
    return c;
  }

 private:
  double evaluate(const Roofline& r, const std::string& id) const {
    const DevicePeak& d = r.get(id);
    if (std::isinf(intensity_)) return sparse_ ? d.peak_tops_sparse : d.peak_tops_dense;
    return r.attainable_tops(id, intensity_, sparse_);
  }
  std::string device_, reference_;
  double intensity_ = 0;
  bool sparse_ = false;
  double attainable_ = 0, reference_attainable_ = 0;
};

CLAIMBENCH_REGISTER_TASK_IMPLEMENTATION(RooflineScenario);
const bool energy_registered = [] {
  struct Config {
    const char* dram;
    int bits;
    const char* mac;
  };
  for (const Config c : {Config{"hbm3", 16, "fp16"}, Config{"lpddr5", 16, "fp16"}, Config{"hbm3", 4, "fp16"},
                         Config{"lpddr5", 4, "fp16"}, Config{"lpddr4x", 4, "fp16"}, Config{"lpddr5", 4, "int8"},
                         Config{"hbm3", 8, "int8"}, Config{"ddr4", 32, "fp32"}, Config{"ddr4", 4, "fp32"}})
    Registry::global().add_task(
        [c] { return std::unique_ptr<TaskImplementation>(new EnergyScenario(c.dram, c.bits, c.mac)); });
  return true;
}();

}  // namespace
}  // namespace claimbench::energy
