#include "dense/lowp_quantization.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace claimbench::lowp {

float int8_scale(float maxabs) {
  if (!(maxabs > 0.0f) || !std::isfinite(maxabs)) return 1.0f;
  float s = maxabs / 127.0f;
  if (s < 1e-30f) s = 1e-30f;  // keep s·q a normal number (exactness)
  std::uint32_t bits = std::bit_cast<std::uint32_t>(s);
  if (bits & 0xFFu) bits = (bits | 0xFFu) + 1u;  // round up to 16 significant bits
  return std::bit_cast<float>(bits);
}

int8_t quantize_s8(float x, float scale) {
  const float q = std::nearbyint(x / scale);  // default rounding mode: half to even
  return static_cast<int8_t>(std::clamp(q, -127.0f, 127.0f));
}

QuantizedRows quantize_rows_s8(const float* A, int rows, int cols, int lda) {
  QuantizedRows w;
  w.rows = rows;
  w.cols = cols;
  w.q.resize(static_cast<std::size_t>(rows) * cols);
  w.scale.resize(rows);
  for (int i = 0; i < rows; ++i) {
    const float* a = A + static_cast<std::size_t>(i) * lda;
    float mx = 0.0f;
    for (int k = 0; k < cols; ++k) mx = std::max(mx, std::fabs(a[k]));
    const float s = int8_scale(mx);
    w.scale[i] = s;
    for (int k = 0; k < cols; ++k) w.q[static_cast<std::size_t>(i) * cols + k] = quantize_s8(a[k], s);
  }
  return w;
}

QuantizedTensor quantize_tensor_s8(const float* B, int rows, int cols, int ldb) {
  QuantizedTensor x;
  x.rows = rows;
  x.cols = cols;
  float mx = 0.0f;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) mx = std::max(mx, std::fabs(B[static_cast<std::size_t>(r) * ldb + c]));
  x.scale = int8_scale(mx);
  x.q.resize(static_cast<std::size_t>(rows) * cols);
  x.u8.resize(x.q.size());
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const int8_t q = quantize_s8(B[static_cast<std::size_t>(r) * ldb + c], x.scale);
      x.q[static_cast<std::size_t>(r) * cols + c] = q;
      x.u8[static_cast<std::size_t>(r) * cols + c] = static_cast<uint8_t>(q + 128);
    }
  return x;
}

std::vector<float> dequantize_rows(const QuantizedRows& w) {
  std::vector<float> out(w.q.size());
  for (int i = 0; i < w.rows; ++i)
    for (int k = 0; k < w.cols; ++k) {
      const std::size_t at = static_cast<std::size_t>(i) * w.cols + k;
      out[at] = w.scale[i] * static_cast<float>(w.q[at]);
    }
  return out;
}

std::vector<float> dequantize_tensor(const QuantizedTensor& x) {
  std::vector<float> out(x.q.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = x.scale * static_cast<float>(x.q[i]);
  return out;
}

uint16_t to_bf16(float x) {
  std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  if (std::isnan(x)) return static_cast<uint16_t>((bits >> 16) | 0x0040u);  // quiet NaN
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>(bits >> 16);
}

float bf16_to_float(uint16_t h) { return std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16); }

bool all_finite(const float* X, int rows, int cols, int ld) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (!std::isfinite(X[static_cast<std::size_t>(r) * ld + c])) return false;
  return true;
}

bool all_finite_bf16(const float* X, int rows, int cols, int ld) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (!std::isfinite(round_bf16(X[static_cast<std::size_t>(r) * ld + c]))) return false;
  return true;
}

}  // namespace claimbench::lowp
