#include "accuracy/own_kernel_inference.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/half_float.hpp"
#include "dense/lowp_quantization.hpp"
#include "dense/own_bf16gemm.hpp"
#include "dense/own_hgemm.hpp"
#include "dense/own_igemm.hpp"
#include "dense/own_sgemm.hpp"
#include "lut/bcq_quantization.hpp"
#include "lut/lut_gemm.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "sparse/csr_matrix.hpp"
#include "sparse/sparse_gemm_csr.hpp"

namespace claimbench::accuracy {

const char* to_string(InferenceKernel kernel) {
  switch (kernel) {
    case InferenceKernel::own_dense: return "own-dense";
    case InferenceKernel::own_nm: return "own-nm";
    case InferenceKernel::own_csr: return "own-csr";
    case InferenceKernel::int8: return "int8";
    case InferenceKernel::lut4: return "lut4";
    case InferenceKernel::lut3: return "lut3";
    case InferenceKernel::bf16: return "bf16";
    case InferenceKernel::fp16: return "fp16";
  }
  return "?";
}

bool is_quantized(InferenceKernel kernel) {
  return kernel != InferenceKernel::own_dense && kernel != InferenceKernel::own_nm && kernel != InferenceKernel::own_csr;
}

std::string kernel_unavailable(InferenceKernel kernel) {
  switch (kernel) {
    case InferenceKernel::int8:
      return dense::best_own_igemm_variant() ? "" : "this CPU has no AVX512-VNNI (the own int8 GEMM needs vpdpbusd)";
    case InferenceKernel::bf16:
      return dense::best_own_bf16gemm_variant() ? "" : "this CPU has no AVX512-BF16 (the own bf16 GEMM needs vdpbf16ps)";
    case InferenceKernel::fp16:
      return dense::best_own_hgemm_variant() ? "" : "this CPU has no AVX512-FP16 (the own fp16 GEMM needs vfmadd231ph)";
    default:
      return "";  // LUT-GEMM and CSR have scalar fallbacks
  }
}

double reference_tolerance(InferenceKernel kernel) {
  switch (kernel) {
    case InferenceKernel::lut4:
    case InferenceKernel::lut3: return 1e-4;
    case InferenceKernel::int8:
    case InferenceKernel::bf16: return 1e-2;
    case InferenceKernel::fp16: return 3e-2;
    default: return 1e-4;
  }
}

namespace {

int lut_bits(InferenceKernel kernel) { return kernel == InferenceKernel::lut3 ? 3 : 4; }

// C[M×N] = A[M×K]·B[K×N] in float64, rounded to fp32 once per element.
void gemm_f64(const float* a, int m, int k, const float* b, int n, float* c) {
  std::vector<double> row(static_cast<std::size_t>(n));
  for (int i = 0; i < m; ++i) {
    std::fill(row.begin(), row.end(), 0.0);
    for (int q = 0; q < k; ++q) {
      const double w = a[static_cast<std::size_t>(i) * k + q];
      if (w == 0.0) continue;
      const float* brow = b + static_cast<std::size_t>(q) * n;
      for (int j = 0; j < n; ++j) row[j] += w * static_cast<double>(brow[j]);
    }
    for (int j = 0; j < n; ++j) c[static_cast<std::size_t>(i) * n + j] = static_cast<float>(row[j]);
  }
}

}  // namespace

struct PreparedInference::Impl {
  struct PreparedLayer {
    const Layer* layer = nullptr;
    const char* name = "";
    dense::PackedWeights packed;  // dense path
    const dense::SgemmVariant* dense_variant = nullptr;
    nm::NMKernelOperand sparse;   // N:M path
    const nm::SparseGemmVariant* sparse_variant = nullptr;
    sparse::CsrKernelOperand csr;  // CSR path
    const sparse::CsrVariant* csr_variant = nullptr;
    dense::IgemmWeights int8;      // int8 path (packed with s_x = 1; C is scaled by s_x after)
    lut::LutWeights lut;           // LUT path
    dense::Bf16Weights bf16;       // bf16 path
    std::vector<uint16_t> half;    // fp16 path: W rounded to fp16, row-major
    std::vector<float> effective;  // reference: the weights as the quantized kernel multiplies them
  };
  const Network* net = nullptr;
  InferenceKernel kernel = InferenceKernel::own_dense;
  bool reference = false;
  int threads = 1;
  std::vector<PreparedLayer> layers;
  // Per-call scratch (logits() is const but not reentrant).
  mutable lowp::QuantizedTensor qx;
  mutable std::vector<uint16_t> bits;
  mutable std::vector<float> rounded;

  bool quantized() const { return is_quantized(kernel); }

  // The layer input as the quantized kernel sees it (reference path): per-tensor int8 dequantized,
  // or rounded to bf16 / fp16; unchanged for weight-only LUT.
  const float* effective_input(int k, int n, const float* b) const {
    const std::size_t size = static_cast<std::size_t>(k) * n;
    switch (kernel) {
      case InferenceKernel::int8:
        qx = lowp::quantize_tensor_s8(b, k, n, n);
        rounded = lowp::dequantize_tensor(qx);
        return rounded.data();
      case InferenceKernel::bf16:
        rounded.resize(size);
        for (std::size_t i = 0; i < size; ++i) rounded[i] = lowp::round_bf16(b[i]);
        return rounded.data();
      case InferenceKernel::fp16:
        rounded.resize(size);
        for (std::size_t i = 0; i < size; ++i) rounded[i] = fp16::round_to_half(b[i]);
        return rounded.data();
      default:
        return b;
    }
  }

  void gemm(const PreparedLayer& p, int n, const float* b, float* c) const {
    const Layer& l = *p.layer;
    const int k = l.k();
    const std::size_t size = static_cast<std::size_t>(k) * n;
    if (reference) {
      gemm_f64(p.effective.data(), l.out, k, effective_input(k, n, b), n, c);
      return;
    }
    if (p.sparse_variant) {
      p.sparse_variant->run(p.sparse, b, n, n, c, n, threads);
    } else if (p.csr_variant) {
      p.csr_variant->run(p.csr, b, n, n, c, n, threads);
    } else if (kernel == InferenceKernel::int8) {
      qx = lowp::quantize_tensor_s8(b, k, n, n);
      dense::best_own_igemm_variant()->run(p.int8, qx.u8.data(), n, n, c, n, threads);
      const std::size_t out = static_cast<std::size_t>(l.out) * n;
      for (std::size_t i = 0; i < out; ++i) c[i] *= qx.scale;
    } else if (kernel == InferenceKernel::lut4 || kernel == InferenceKernel::lut3) {
      lut::best_lut_gemm_variant()->run(p.lut, b, n, n, c, n, threads);
    } else if (kernel == InferenceKernel::bf16) {
      bits.resize(size);
      for (std::size_t i = 0; i < size; ++i) bits[i] = lowp::to_bf16(b[i]);
      dense::best_own_bf16gemm_variant()->run(p.bf16, bits.data(), n, n, c, n, threads);
    } else if (kernel == InferenceKernel::fp16) {
      bits.resize(size);
      for (std::size_t i = 0; i < size; ++i) bits[i] = fp16::float_to_half(b[i]);
      dense::best_own_hgemm_variant()->run(p.half.data(), k, bits.data(), n, c, n, l.out, n, k, threads);
    } else {
      p.dense_variant->run_packed(p.packed, n, b, n, c, n, threads);
    }
  }
};

PreparedInference::PreparedInference(const Network& net, InferenceKernel kernel, NMPattern pattern, int threads,
                                     bool reference)
    : impl_(std::make_unique<Impl>()) {
  impl_->net = &net;
  impl_->kernel = kernel;
  impl_->reference = reference && is_quantized(kernel);
  impl_->threads = threads;
  const nm::SparseGemmVariant* variant = nullptr;
  if (kernel == InferenceKernel::own_nm) {
    variant = nm::best_sparse_gemm_nm_variant(pattern.n, pattern.m);
    if (!variant) throw std::invalid_argument("no compiled N:M kernel for " + pattern.str());
  }
  if (!impl_->reference) {
    const std::string why = kernel_unavailable(kernel);
    if (!why.empty()) throw std::invalid_argument(why);
  }
  for (const auto& layer : net.layers) {
    Impl::PreparedLayer p;
    p.layer = &layer;
    const int out = layer.out, k = layer.k();
    const float* w = layer.weight.data();
    const bool sparse = variant && !layer.mask.empty() && satisfies_nm(w, out, k, k, pattern);
    if (sparse) {
      p.sparse = nm::prepare_nm_operand(nm::compress_nm(w, out, k, k, pattern.n, pattern.m));
      nm::prepack_nm_operand(p.sparse, *variant);
      p.sparse_variant = variant;
      p.name = variant->name;
    } else if (kernel == InferenceKernel::own_csr && !layer.mask.empty()) {
      const sparse::CsrMatrix csr = sparse::csr_from_dense(w, out, k, k);
      const double density = static_cast<double>(csr.nnz()) / (static_cast<double>(out) * k);
      p.csr_variant = &sparse::best_csr_variant(density);
      p.csr = sparse::prepare_csr_operand(csr, *p.csr_variant);
      p.name = p.csr_variant->name;
    } else if (kernel == InferenceKernel::int8) {
      const lowp::QuantizedRows q = lowp::quantize_rows_s8(w, out, k, k);
      if (impl_->reference) {
        p.effective = lowp::dequantize_rows(q);
      } else {
        p.int8 = dense::pack_igemm_weights(q.q.data(), out, k, q.scale.data(), 1.0f, dense::best_own_igemm_variant()->mr);
        p.name = dense::best_own_igemm_variant()->name;
      }
    } else if (kernel == InferenceKernel::lut4 || kernel == InferenceKernel::lut3) {
      const lut::BcqWeights q = lut::quantize_bcq(w, out, k, k, lut_bits(kernel), kLutGroup, lut::BcqMethod::uniform);
      if (impl_->reference) {
        p.effective = lut::dequantize_bcq(q);
      } else {
        p.lut = lut::pack_lut_weights(q);
        p.name = lut::best_lut_gemm_variant()->name;
      }
    } else if (kernel == InferenceKernel::bf16) {
      std::vector<uint16_t> a(layer.weight.size());
      for (std::size_t i = 0; i < a.size(); ++i) a[i] = lowp::to_bf16(w[i]);
      if (impl_->reference) {
        p.effective.resize(a.size());
        for (std::size_t i = 0; i < a.size(); ++i) p.effective[i] = lowp::bf16_to_float(a[i]);
      } else {
        p.bf16 = dense::pack_bf16_weights(a.data(), out, k, dense::best_own_bf16gemm_variant()->mr);
        p.name = dense::best_own_bf16gemm_variant()->name;
      }
    } else if (kernel == InferenceKernel::fp16) {
      p.half.resize(layer.weight.size());
      for (std::size_t i = 0; i < p.half.size(); ++i) p.half[i] = fp16::float_to_half(w[i]);
      if (impl_->reference) {
        p.effective.resize(p.half.size());
        for (std::size_t i = 0; i < p.half.size(); ++i) p.effective[i] = fp16::half_to_float(p.half[i]);
        p.half.clear();
      } else {
        p.name = dense::best_own_hgemm_variant()->name;
      }
    } else {
      p.dense_variant = &dense::best_own_sgemm_variant();
      p.dense_variant->pack_weights(out, k, w, k, p.packed);
      p.name = p.dense_variant->name;
    }
    if (impl_->reference) p.name = "float64-reference";
    impl_->layers.push_back(std::move(p));
  }
  if (variant && sparse_layers() == 0)
    throw std::invalid_argument("no layer of the " + net.model + " satisfies " + pattern.str());
  if (kernel == InferenceKernel::own_csr && sparse_layers() == 0)
    throw std::invalid_argument("no layer of the " + net.model + " is pruned: nothing for the CSR kernel");
}

PreparedInference::~PreparedInference() = default;

std::string PreparedInference::kernels() const {
  std::string text;
  for (const auto& p : impl_->layers) {
    if (!text.empty()) text += "; ";
    text += p.layer->name + ":" + p.name;
  }
  return text;
}

int PreparedInference::sparse_layers() const {
  return static_cast<int>(std::count_if(impl_->layers.begin(), impl_->layers.end(), [](const auto& p) {
    return p.sparse_variant != nullptr || p.csr_variant != nullptr;
  }));
}

double PreparedInference::weight_operand_bytes() const {
  double bytes = 0.0;
  for (const auto& p : impl_->layers) {
    if (p.sparse_variant) bytes += static_cast<double>(p.sparse.bytes());
    else if (p.csr_variant) bytes += static_cast<double>(p.csr.bytes());
    else if (impl_->reference) bytes += 4.0 * static_cast<double>(p.effective.size());
    else if (impl_->kernel == InferenceKernel::int8) bytes += static_cast<double>(p.int8.bytes());
    else if (impl_->kernel == InferenceKernel::lut4 || impl_->kernel == InferenceKernel::lut3) bytes += static_cast<double>(p.lut.bytes());
    else if (impl_->kernel == InferenceKernel::bf16) bytes += 4.0 * static_cast<double>(p.bf16.packed.size());
    else if (impl_->kernel == InferenceKernel::fp16) bytes += 2.0 * static_cast<double>(p.half.size());
    else bytes += static_cast<double>(p.packed.bytes());
  }
  return bytes;
}

namespace {

// im2col for stride 1 and zero padding: rows (i, r, s), columns (image, y, x). `in` is
// channel-major: in × images × h × w.
void im2col(const float* in, int channels, int images, int h, int w, const Layer& l, std::vector<float>& out) {
  const int oh = l.out_h(), ow = l.out_w();
  const std::size_t cols = static_cast<std::size_t>(images) * oh * ow;
  out.resize(static_cast<std::size_t>(channels) * l.kh * l.kw * cols);
  std::size_t row = 0;
  for (int i = 0; i < channels; ++i)
    for (int r = 0; r < l.kh; ++r)
      for (int s = 0; s < l.kw; ++s, ++row) {
        float* dst = out.data() + row * cols;
        for (int n = 0; n < images; ++n) {
          const float* plane = in + (static_cast<std::size_t>(i) * images + n) * h * w;
          for (int y = 0; y < oh; ++y) {
            const int sy = y + r - l.pad;
            for (int x = 0; x < ow; ++x) {
              const int sx = x + s - l.pad;
              *dst++ = (sy >= 0 && sy < h && sx >= 0 && sx < w) ? plane[sy * w + sx] : 0.0f;
            }
          }
        }
      }
}

}  // namespace

void PreparedInference::logits(const std::vector<float>& inputs, int count, std::vector<float>& out) const {
  const Network& net = *impl_->net;
  const int pixels = net.in_h * net.in_w * net.in_channels;
  if (static_cast<std::size_t>(count) * pixels > inputs.size())
    throw std::invalid_argument("logits: fewer input images than requested");
  out.assign(static_cast<std::size_t>(count) * 10, 0.0f);
  constexpr int kChunk = kBatch;
  std::vector<float> act, next, cols, gemm_out;
  for (int begin = 0; begin < count; begin += kChunk) {
    const int images = std::min(kChunk, count - begin);
    // Activations are feature-major: channels × images × h × w (h = w = 1 for vectors).
    int channels = net.in_channels, h = net.in_h, w = net.in_w;
    act.resize(static_cast<std::size_t>(images) * pixels);
    for (int n = 0; n < images; ++n)
      for (int c = 0; c < channels; ++c)
        std::copy_n(inputs.data() + static_cast<std::size_t>(begin + n) * pixels + static_cast<std::size_t>(c) * h * w,
                    h * w, act.data() + (static_cast<std::size_t>(c) * images + n) * h * w);
    for (const auto& p : impl_->layers) {
      const Layer& l = *p.layer;
      int columns = images;
      const float* b = nullptr;
      if (l.conv) {
        im2col(act.data(), channels, images, h, w, l, cols);
        columns = images * l.out_h() * l.out_w();
        b = cols.data();
      } else {
        // Flatten per image in (channel, y, x) order, as torch's flatten(1) does: B is K × images.
        const int features = channels * h * w;
        cols.resize(static_cast<std::size_t>(features) * images);
        for (int c = 0; c < channels; ++c)
          for (int n = 0; n < images; ++n)
            for (int q = 0; q < h * w; ++q)
              cols[(static_cast<std::size_t>(c) * h * w + q) * images + n] =
                  act[(static_cast<std::size_t>(c) * images + n) * h * w + q];
        b = cols.data();
        h = w = 1;
      }
      gemm_out.resize(static_cast<std::size_t>(l.out) * columns);
      impl_->gemm(p, columns, b, gemm_out.data());
      for (int o = 0; o < l.out; ++o) {
        float* row = gemm_out.data() + static_cast<std::size_t>(o) * columns;
        for (int j = 0; j < columns; ++j) {
          const float v = row[j] + l.bias[o];
          row[j] = l.relu_after ? std::max(v, 0.0f) : v;
        }
      }
      channels = l.out;
      if (l.conv) {
        h = l.out_h();
        w = l.out_w();
      }
      if (l.pool_after) {
        const int ph = h / 2, pw = w / 2;
        next.resize(static_cast<std::size_t>(channels) * images * ph * pw);
        for (int plane = 0; plane < channels * images; ++plane) {
          const float* src = gemm_out.data() + static_cast<std::size_t>(plane) * h * w;
          float* dst = next.data() + static_cast<std::size_t>(plane) * ph * pw;
          for (int y = 0; y < ph; ++y)
            for (int x = 0; x < pw; ++x)
              dst[y * pw + x] = std::max(std::max(src[2 * y * w + 2 * x], src[2 * y * w + 2 * x + 1]),
                                         std::max(src[(2 * y + 1) * w + 2 * x], src[(2 * y + 1) * w + 2 * x + 1]));
        }
        act.swap(next);
        h = ph;
        w = pw;
      } else {
        act.swap(gemm_out);
      }
    }
    // act: 10 × images.
    for (int n = 0; n < images; ++n)
      for (int c = 0; c < 10; ++c)
        out[static_cast<std::size_t>(begin + n) * 10 + c] = act[static_cast<std::size_t>(c) * images + n];
  }
}

std::vector<float> normalize_images(const Network& net, const LabeledImages& images, int count) {
  if (count <= 0 || count > images.count) count = images.count;
  const std::size_t n = static_cast<std::size_t>(count) * images.rows * images.cols;
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = (static_cast<float>(images.pixels[i]) / 255.0f - net.input_mean) / net.input_std;
  return out;
}

std::vector<int> argmax_rows(const std::vector<float>& logits, int classes) {
  std::vector<int> best(logits.size() / classes);
  for (std::size_t i = 0; i < best.size(); ++i) {
    const float* row = logits.data() + i * classes;
    best[i] = static_cast<int>(std::max_element(row, row + classes) - row);
  }
  return best;
}

}  // namespace claimbench::accuracy
