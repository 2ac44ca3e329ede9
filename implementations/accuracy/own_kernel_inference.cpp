#include "accuracy/own_kernel_inference.hpp"

#include <algorithm>
#include <stdexcept>

#include "dense/own_sgemm.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"

namespace claimbench::accuracy {

struct PreparedInference::Impl {
  struct PreparedLayer {
    const Layer* layer = nullptr;
    dense::PackedWeights packed;  // dense path
    const dense::SgemmVariant* dense_variant = nullptr;
    nm::NMKernelOperand sparse;   // N:M path
    const nm::SparseGemmVariant* sparse_variant = nullptr;
  };
  const Network* net = nullptr;
  int threads = 1;
  std::vector<PreparedLayer> layers;

  void gemm(const PreparedLayer& p, int n, const float* b, float* c) const {
    if (p.sparse_variant)
      p.sparse_variant->run(p.sparse, b, n, n, c, n, threads);
    else
      p.dense_variant->run_packed(p.packed, n, b, n, c, n, threads);
  }
};

PreparedInference::PreparedInference(const Network& net, InferenceKernel kernel, NMPattern pattern, int threads)
    : impl_(std::make_unique<Impl>()) {
  impl_->net = &net;
  impl_->threads = threads;
  const nm::SparseGemmVariant* variant = nullptr;
  if (kernel == InferenceKernel::own_nm) {
    variant = nm::best_sparse_gemm_nm_variant(pattern.n, pattern.m);
    if (!variant) throw std::invalid_argument("no compiled N:M kernel for " + pattern.str());
  }
  for (const auto& layer : net.layers) {
    Impl::PreparedLayer p;
    p.layer = &layer;
    const bool sparse = variant && !layer.mask.empty() &&
                        satisfies_nm(layer.weight.data(), layer.out, layer.k(), layer.k(), pattern);
    if (sparse) {
      p.sparse = nm::prepare_nm_operand(
          nm::compress_nm(layer.weight.data(), layer.out, layer.k(), layer.k(), pattern.n, pattern.m));
      p.sparse_variant = variant;
    } else {
      p.dense_variant = &dense::best_own_sgemm_variant();
      p.dense_variant->pack_weights(layer.out, layer.k(), layer.weight.data(), layer.k(), p.packed);
    }
    impl_->layers.push_back(std::move(p));
  }
  if (variant && sparse_layers() == 0)
    throw std::invalid_argument("no layer of the " + net.model + " satisfies " + pattern.str());
}

PreparedInference::~PreparedInference() = default;

std::string PreparedInference::kernels() const {
  std::string text;
  for (const auto& p : impl_->layers) {
    if (!text.empty()) text += "; ";
    text += p.layer->name + ":" + (p.sparse_variant ? p.sparse_variant->name : p.dense_variant->name);
  }
  return text;
}

int PreparedInference::sparse_layers() const {
  return static_cast<int>(std::count_if(impl_->layers.begin(), impl_->layers.end(),
                                        [](const auto& p) { return p.sparse_variant != nullptr; }));
}

double PreparedInference::weight_operand_bytes() const {
  double bytes = 0.0;
  for (const auto& p : impl_->layers) bytes += static_cast<double>(p.sparse_variant ? p.sparse.bytes() : p.packed.bytes());
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
  constexpr int kChunk = 256;
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
