// LUT-GEMM implementations and the baselines its claim compares against:
//   lut.w<b>g128                 uniform BCQ weights (b = 1..4 bits, groups of 128), the best
//                                LUT kernel for this CPU; lut.w<b>g128.<tile>.<isa> pins one.
//   lut.bcq.w<b>g128             non-uniform (alternating) BCQ, best LUT kernel.
//   lut.dequant-gemm.w<b>g128    dequantize-then-GEMM: the same packed weights dequantized to
//                                fp32 inside run() (timed), then OpenBLAS sgemv/sgemm.
//   lut.dequant-fused.w<b>g128   OPTQ's kernel structure: weights rebuilt in registers and
//                                multiplied at once (AVX-512).
//   dense.openblas.gemv          fp32 dense baseline: cblas_sgemv for one token, sgemm else.
// Quantization is untimed (prepare); the dequantized weights are the effective operand, so the
// gate checks each kernel on what it multiplied and the runner measures the quantization
// error against the fp32 oracle separately.
#include <cblas.h>

#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "claimbench/registry.hpp"
#include "energy/energy_counters.hpp"
#include "lut/bcq_quantization.hpp"
#include "lut/lut_gemm.hpp"
#include "lut/uniform_codes.hpp"

namespace claimbench::lut {
namespace {

constexpr int kGroup = 128;

bool finite(const float* X, int rows, int cols, int ld) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (!std::isfinite(X[static_cast<std::size_t>(r) * ld + c])) return false;
  return true;
}

Support lut_supports(const GemmProblem& p) {
  if (!finite(p.A, p.M, p.K, p.lda) || !finite(p.B, p.K, p.N, p.ldb))
    return Support::no("BCQ quantization needs finite operands (NaN/Inf present)");
  for (int m = 0; m < p.M; ++m)
    for (int k = 0; k < p.K; ++k)
      if (std::fabs(p.A[static_cast<std::size_t>(m) * p.lda + k]) > 30000.0f)
        return Support::no("a weight beyond ±30000 would overflow the fp16 group scales");
  return Support::yes();
}

void add_shape_counters(Counters& c, const GemmProblem& p, const LutWeights& w) {
  c.useful_flops = 2.0 * p.M * static_cast<double>(p.N) * p.K;
  c.dense_equivalent_flops = c.useful_flops;
  c.operand_bytes = static_cast<double>(w.bytes());
  c.extra["weight_bits"] = w.bits;
  c.extra["group_size"] = w.group;
  c.extra["weight_bytes_fp32"] = 4.0 * p.M * static_cast<double>(p.K);
  c.extra["weight_compression"] = 4.0 * p.M * static_cast<double>(p.K) / static_cast<double>(w.bytes());
}

class LutGemm final : public Implementation {
 public:
  LutGemm(int bits, BcqMethod method, const LutGemmVariant* variant) : bits_(bits), method_(method), variant_(variant) {}

  ImplementationInfo info() const override {
    ImplementationInfo i;
    const std::string wg = "w" + std::to_string(bits_) + "g" + std::to_string(kGroup);
    i.name = std::string("lut.") + (method_ == BcqMethod::alternating ? "bcq." : "") + wg;
    if (variant_) i.name += std::string(".") + (variant_->name + std::string("lut.gemm.").size());
    i.technique = "lut-gemm";
    i.device = "cpu";
    i.precision = "w" + std::to_string(bits_) + "a32";
    i.description = "LUT-GEMM: " + std::to_string(bits_) + "-bit " + to_string(method_) +
                    " binary-coding weights (fp16 scales" + (method_ == BcqMethod::uniform ? " and offsets" : "") +
                    " per 128 k), fp32 activations; tables of signed activation sums indexed by the weight bit planes, "
                    "never dequantized" +
                    (variant_ ? std::string("; ") + variant_->name + " only" : "; best kernel chosen at run time");
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (variant_ && !variant_->available()) return Support::no(std::string("this CPU cannot run ") + variant_->name);
    return lut_supports(p);
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    chosen_ = variant_ ? variant_ : best_lut_gemm_variant();
    const BcqWeights q = quantize_bcq(p.A, p.M, p.K, p.lda, bits_, kGroup, method_);
    weights_ = pack_lut_weights(q);
    effective_a_ = dequantize_bcq(q);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override {
    meter_.measure([&] { chosen_->run(weights_, p_.B, p_.ldb, p_.N, c_.data(), p_.N, threads_); });
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = chosen_ ? chosen_->name : "";
    c.isa = chosen_ ? chosen_->isa : "";
    add_shape_counters(c, p_, weights_);
    const int mu = chosen_ ? chosen_->mu : 4;
    const double lookups = lut_lookups(weights_, p_.N, mu);
    const double chunks = weights_.quads * 32.0 / mu;
    const double table_entries = static_cast<double>(p_.N) * chunks * (1u << mu);
    c.bytes_moved = c.operand_bytes + 4.0 * p_.K * p_.N + 4.0 * p_.M * static_cast<double>(p_.N);
    c.extra["lut_mu"] = mu;
    c.extra["lut_lookups"] = lookups;
    c.extra["lut_table_bytes"] = 4.0 * table_entries;
    energy::WorkProfile work;
    // Per lookup one fp32 add; per (row, group, plane, token) one scale multiply; building a
    // table entry costs one add from its neighbour (Gray-code order).
    const double scale_muls = 16.0 * weights_.blocks * weights_.groups * (weights_.bits + 1.0) * p_.N;
    work.ops = {{"add.fp32", lookups + table_entries + scale_muls}, {"mul.fp32", scale_muls}};
    work.dram_bytes = c.bytes_moved;
    work.sram_bytes = 4.0 * lookups + 4.0 * table_entries;
    energy::add_modeled_energy(c, work, c.dense_equivalent_flops);
    meter_.add_to(c);
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    EffectiveOperands e;
    e.A = effective_a_.data();
    e.lda = p_.K;
    e.B = p_.B;
    e.ldb = p_.ldb;
    e.accumulation_epsilon = FLT_EPSILON;  // fp32 tables and fp32 accumulation
    e.description = std::to_string(bits_) + "-bit " + to_string(method_) +
                    " BCQ weights (z + Σ α_b·s_b, fp16 α and z per 128 k), fp32 activations, fp32 accumulation";
    return e;
  }

 private:
  int bits_;
  BcqMethod method_;
  const LutGemmVariant* variant_;
  const LutGemmVariant* chosen_ = nullptr;
  GemmProblem p_;
  int threads_ = 1;
  LutWeights weights_;
  std::vector<float> effective_a_, c_;
  energy::PackageEnergyMeter meter_;
};

class DequantThenGemm final : public Implementation {
 public:
  explicit DequantThenGemm(int bits) : bits_(bits) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "lut.dequant-gemm.w" + std::to_string(bits_) + "g" + std::to_string(kGroup);
    i.technique = "lut-gemm";
    i.device = "cpu";
    i.precision = "w" + std::to_string(bits_) + "a32";
    // The comparison point of the LUT-GEMM claim: a dense fp32 GEMM on the dequantized weights.
    i.dense_baseline = true;
    i.description = "Dequantize-then-GEMM (the OPTQ-style path LUT-GEMM is compared with): the same " +
                    std::to_string(bits_) + "-bit uniform BCQ weights expanded to fp32 inside the timed run "
                    "(AVX-512 when present), then OpenBLAS sgemv (one token) or sgemm";
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override { return lut_supports(p); }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    const BcqWeights q = quantize_bcq(p.A, p.M, p.K, p.lda, bits_, kGroup, BcqMethod::uniform);
    weights_ = pack_lut_weights(q);
    effective_a_ = dequantize_bcq(q);
    dequantized_.assign(static_cast<std::size_t>(p.M) * p.K, 0.0f);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override { meter_.measure([&] { dequantize_then_multiply(); }); }
  void dequantize_then_multiply() {
    isa_ = dequantize_lut_weights(weights_, dequantized_.data(), p_.K, threads_);
    openblas_set_num_threads(threads_);
    if (p_.N == 1)
      cblas_sgemv(CblasRowMajor, CblasNoTrans, p_.M, p_.K, 1.0f, dequantized_.data(), p_.K, p_.B, p_.ldb, 0.0f,
                  c_.data(), 1);
    else
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, p_.M, p_.N, p_.K, 1.0f, dequantized_.data(), p_.K, p_.B,
                  p_.ldb, 0.0f, c_.data(), p_.N);
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = std::string("lut.dequantize.") + isa_ + "+openblas." + (p_.N == 1 ? "sgemv" : "sgemm") + "[" +
               openblas_get_corename() + "]";
    c.isa = isa_;
    add_shape_counters(c, p_, weights_);
    const double fp32_weights = 4.0 * p_.M * static_cast<double>(p_.K);
    // compressed read + fp32 written + fp32 read back by the GEMM
    c.bytes_moved = c.operand_bytes + 2.0 * fp32_weights + 4.0 * p_.K * p_.N + 4.0 * p_.M * static_cast<double>(p_.N);
    c.extra["dequantized_bytes"] = fp32_weights;
    energy::WorkProfile work;
    const double elements = static_cast<double>(p_.M) * p_.K;
    work.ops = {{"add.fp32", elements * bits_}, {"mac.fp32", c.useful_flops / 2.0}};
    work.dram_bytes = c.bytes_moved;
    energy::add_modeled_energy(c, work, c.dense_equivalent_flops);
    meter_.add_to(c);
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    EffectiveOperands e;
    e.A = effective_a_.data();
    e.lda = p_.K;
    e.B = p_.B;
    e.ldb = p_.ldb;
    e.accumulation_epsilon = FLT_EPSILON;
    e.description = std::to_string(bits_) + "-bit uniform BCQ weights dequantized to fp32, fp32 GEMM";
    return e;
  }

 private:
  int bits_;
  GemmProblem p_;
  int threads_ = 1;
  LutWeights weights_;
  std::vector<float> effective_a_, dequantized_, c_;
  const char* isa_ = "";
  energy::PackageEnergyMeter meter_;
};

// The OPTQ kernel's way: weights rebuilt in registers and multiplied at once (no fp32 copy).
class DequantFused final : public Implementation {
 public:
  explicit DequantFused(int bits) : bits_(bits) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "lut.dequant-fused.w" + std::to_string(bits_) + "g" + std::to_string(kGroup);
    i.technique = "lut-gemm";
    i.device = "cpu";
    i.precision = "w" + std::to_string(bits_) + "a32";
    // The comparison point of the LUT-GEMM claim as OPTQ's kernel does it: dequantize in
    // registers, multiply-add in fp32.
    i.dense_baseline = true;
    i.description = "Fused dequantize-and-multiply (OPTQ's kernel structure): the same " + std::to_string(bits_) +
                    "-bit uniform weights stored as integer codes (nibbles) with fp32 base and step per 128 k, "
                    "rebuilt 16 at a time in AVX-512 registers with one FMA and multiplied by the activations at "
                    "once; no fp32 weight copy";
    return i;
  }
  Support supports(const GemmProblem& p, const ExecutionConfig&) const override {
    if (!cpu_has_avx512_lut()) return Support::no("the fused dequantize kernel needs AVX-512 (avx512f/bw/vl/dq + f16c)");
    return lut_supports(p);
  }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    const BcqWeights q = quantize_bcq(p.A, p.M, p.K, p.lda, bits_, kGroup, BcqMethod::uniform);
    codes_ = to_uniform_codes(q);
    effective_a_ = dequantize_uniform_codes(codes_);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override {
    meter_.measure([&] { dequant_fused_gemm(codes_, p_.B, p_.ldb, p_.N, c_.data(), p_.N, threads_); });
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = "lut.dequant-fused.codes4.r1.k32.avx512";
    c.isa = "avx512";
    c.useful_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.dense_equivalent_flops = c.useful_flops;
    c.operand_bytes = static_cast<double>(codes_.bytes());
    c.extra["weight_bits"] = bits_;
    c.extra["stored_code_bits"] = 4;
    c.extra["group_size"] = kGroup;
    c.bytes_moved = c.operand_bytes + 4.0 * p_.K * p_.N + 4.0 * p_.M * static_cast<double>(p_.N);
    const double rebuilds = static_cast<double>(p_.M) * codes_.padded_k() * ((p_.N + 3) / 4);
    energy::WorkProfile work;
    work.ops = {{"mac.fp32", rebuilds + c.useful_flops / 2.0}};
    work.dram_bytes = c.bytes_moved;
    energy::add_modeled_energy(c, work, c.dense_equivalent_flops);
    meter_.add_to(c);
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    EffectiveOperands e;
    e.A = effective_a_.data();
    e.lda = p_.K;
    e.B = p_.B;
    e.ldb = p_.ldb;
    e.accumulation_epsilon = FLT_EPSILON;
    e.description = std::to_string(bits_) + "-bit uniform weights as base + step·code (fp32 FMA), fp32 multiply-add";
    return e;
  }

 private:
  int bits_;
  GemmProblem p_;
  int threads_ = 1;
  UniformCodes codes_;
  std::vector<float> effective_a_, c_;
  energy::PackageEnergyMeter meter_;
};

// The fp32 GEMV a decode step runs: OpenBLAS's sgemm path does not forward n = 1 to gemv in
// 0.3.21, so the matrix-vector baseline is called explicitly.
class OpenBlasGemv final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = "dense.openblas.gemv";
    i.technique = "dense";
    i.device = "cpu";
    i.precision = "fp32";
    i.dense_baseline = true;
    i.description = "OpenBLAS cblas_sgemv for one token (N = 1), cblas_sgemm otherwise; fp32 weights";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override { return Support::yes(); }
  void prepare(const GemmProblem& p, const ExecutionConfig& config) override {
    p_ = p;
    threads_ = config.threads;
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override {
    meter_.measure([&] {
      openblas_set_num_threads(threads_);
      if (p_.N == 1)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, p_.M, p_.K, 1.0f, p_.A, p_.lda, p_.B, p_.ldb, 0.0f, c_.data(), 1);
      else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, p_.M, p_.N, p_.K, 1.0f, p_.A, p_.lda, p_.B, p_.ldb,
                    0.0f, c_.data(), p_.N);
    });
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = std::string("openblas.") + (p_.N == 1 ? "sgemv" : "sgemm") + "[" + openblas_get_corename() + "]";
    c.isa = "library:" + std::string(openblas_get_corename());
    c.useful_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.dense_equivalent_flops = c.useful_flops;
    c.operand_bytes = 4.0 * p_.M * static_cast<double>(p_.K);
    c.bytes_moved = c.operand_bytes + 4.0 * p_.K * p_.N + 4.0 * p_.M * static_cast<double>(p_.N);
    energy::WorkProfile work;
    work.ops = {{"mac.fp32", c.useful_flops / 2.0}};
    work.dram_bytes = c.bytes_moved;
    energy::add_modeled_energy(c, work, c.dense_equivalent_flops);
    meter_.add_to(c);
    return c;
  }

 private:
  GemmProblem p_;
  int threads_ = 1;
  std::vector<float> c_;
  energy::PackageEnergyMeter meter_;
};

const bool registered = [] {
  auto& r = Registry::global();
  r.add([] { return std::unique_ptr<Implementation>(new OpenBlasGemv()); });
  for (int bits = 1; bits <= 4; ++bits) {
    r.add([bits] { return std::unique_ptr<Implementation>(new LutGemm(bits, BcqMethod::uniform, nullptr)); });
    r.add([bits] { return std::unique_ptr<Implementation>(new LutGemm(bits, BcqMethod::alternating, nullptr)); });
    r.add([bits] { return std::unique_ptr<Implementation>(new DequantThenGemm(bits)); });
    r.add([bits] { return std::unique_ptr<Implementation>(new DequantFused(bits)); });
    // Kernel-pinned variants at the widths the claims use (3 and 4 bits).
    if (bits >= 3)
      for (const auto& v : lut_gemm_variants())
        r.add([bits, &v] { return std::unique_ptr<Implementation>(new LutGemm(bits, BcqMethod::uniform, &v)); });
  }
  return true;
}();

}  // namespace
}  // namespace claimbench::lut
