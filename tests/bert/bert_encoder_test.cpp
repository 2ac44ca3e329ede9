// The whole encoder, every GEMM backend, on a tiny configuration against the float64 reference
// of the same (for 2:4 backends: the same pruned) network.
#include <catch2/catch.hpp>

#include <cmath>

#include "bert/bert_encoder.hpp"
#include "bert/bert_reference.hpp"

using namespace claimbench::bert;

namespace {

BertConfig tiny() {
  BertConfig c;
  c.layers = 2;
  c.hidden = 64;
  c.heads = 4;
  c.ffn = 160;
  c.vocab = 300;
  c.max_position = 40;
  return c;
}

BertInput padded_input(const BertConfig& c) {
  BertInput in = random_input(c, 3, 19, 5);
  in.lengths = {19, 7, 12};
  in.type_ids.assign(in.token_ids.size(), 0);
  for (std::size_t i = 0; i < in.type_ids.size(); i += 3) in.type_ids[i] = 1;
  return in;
}

struct Errors {
  double max_abs = 0, rel_rms = 0;
};

Errors compare(const BertEncoder& enc, const BertWeights& w, const BertInput& in) {
  const int H = w.config.hidden;
  double se = 0, sr = 0, mx = 0;
  for (int b = 0; b < in.batch; ++b) {
    const auto ref = reference_encoder(w, in, b);
    for (int t = 0; t < in.sequence; ++t)
      for (int f = 0; f < H; ++f) {
        const double got = enc.output()[static_cast<std::size_t>(f) * enc.ld() + b * in.sequence + t];
        const double e = got - ref[static_cast<std::size_t>(t) * H + f];
        mx = std::max(mx, std::fabs(e));
        se += e * e;
        sr += ref[static_cast<std::size_t>(t) * H + f] * ref[static_cast<std::size_t>(t) * H + f];
      }
  }
  return {mx, std::sqrt(se / sr)};
}

}  // namespace

TEST_CASE("dense fp32 encoder matches the float64 reference (own, OpenBLAS, oneDNN, 1 and 2 threads)") {
  const BertConfig c = tiny();
  const BertWeights w = random_bert_weights(c, 42);
  const BertInput in = padded_input(c);
  for (const std::string name : {"own", "openblas", "onednn"}) {
    BertEncoder enc(w, make_gemm_backend(name));
    for (int threads : {1, 2}) {
      enc.forward(in, threads);
      const Errors e = compare(enc, w, in);
      INFO(name << " threads " << threads << ": max |error| " << e.max_abs << ", relative RMS " << e.rel_rms);
      REQUIRE(e.max_abs < 1e-4);
    }
  }
}

TEST_CASE("2:4 fp32 encoder matches the float64 reference of the pruned network") {
  const BertConfig c = tiny();
  BertWeights w = random_bert_weights(c, 43);
  const BertWeights dense = w;
  const double kept = prune_linear_weights_2of4(w);
  CHECK(kept > 0.5);
  CHECK(kept < 1.0);
  const BertInput in = padded_input(c);
  BertEncoder enc(w, make_gemm_backend("2of4"));
  enc.forward(in);
  const Errors e = compare(enc, w, in);
  INFO("max |error| " << e.max_abs);
  REQUIRE(e.max_abs < 1e-4);
  REQUIRE(enc.kept_fraction() == Approx(0.5));
  // The test can fail: against the unpruned network the same output is far off.
  REQUIRE(compare(enc, dense, in).max_abs > 1e-2);
  // Unpruned weights are refused by the 2:4 backend.
  REQUIRE_THROWS(BertEncoder(dense, make_gemm_backend("2of4")));
}

TEST_CASE("int8 encoders (own dense, oneDNN dense, 2:4) stay within the stated int8 error of the float64 reference") {
  for (const std::string name : {"int8", "int8.2of4", "onednn.int8"}) {
    if (!gemm_backend_unavailable_reason(name).empty()) {
      WARN("skipped " << name << ": " << gemm_backend_unavailable_reason(name));
      continue;
    }
    const BertConfig c = tiny();
    BertWeights w = random_bert_weights(c, 44);
    if (name == "int8.2of4") prune_linear_weights_2of4(w);
    const BertInput in = padded_input(c);
    BertEncoder enc(w, make_gemm_backend(name));
    enc.forward(in);
    const Errors e = compare(enc, w, in);
    INFO(name << ": max |error| " << e.max_abs << ", relative RMS " << e.rel_rms);
    REQUIRE(e.rel_rms < 0.05);
    REQUIRE(e.rel_rms > 1e-5);  // it really is quantized
    REQUIRE(enc.breakdown().seconds[static_cast<int>(OpClass::quantize)] > 0);
  }
}

TEST_CASE("the breakdown covers every operator class of a forward pass") {
  const BertConfig c = tiny();
  const BertWeights w = random_bert_weights(c, 45);
  BertEncoder enc(w, make_gemm_backend("openblas"));
  const BertInput in = random_input(c, 2, 16, 1);
  enc.forward(in);
  enc.forward(in);
  const OpBreakdown& b = enc.breakdown();
  REQUIRE(b.forwards == 2);
  for (OpClass k : {OpClass::gemm, OpClass::attention, OpClass::softmax, OpClass::layer_norm, OpClass::gelu, OpClass::other})
    REQUIRE(b.seconds[static_cast<int>(k)] > 0);
  REQUIRE(b.seconds[static_cast<int>(OpClass::quantize)] == 0);
}

TEST_CASE("the last layer's input is kept: one reference layer from it reproduces the output") {
  const BertConfig c = tiny();
  const BertWeights w = random_bert_weights(c, 46);
  const BertInput in = padded_input(c);
  BertEncoder enc(w, make_gemm_backend("own"));
  enc.forward(in);
  const int H = c.hidden, b = 2;
  std::vector<double> x(static_cast<std::size_t>(in.sequence) * H);
  for (int t = 0; t < in.sequence; ++t)
    for (int f = 0; f < H; ++f) x[t * H + f] = enc.last_layer_input()[static_cast<std::size_t>(f) * enc.ld() + b * in.sequence + t];
  const std::vector<int> queries{0, 5, 11};
  const auto ref = reference_layer(w, c.layers - 1, x, in.sequence, in.length(b), queries);
  for (std::size_t q = 0; q < queries.size(); ++q)
    for (int f = 0; f < H; ++f)
      REQUIRE(std::fabs(enc.output()[static_cast<std::size_t>(f) * enc.ld() + b * in.sequence + queries[q]] - ref[q * H + f]) < 1e-4);
}

TEST_CASE("bad inputs are refused with the position named") {
  const BertConfig c = tiny();
  const BertWeights w = random_bert_weights(c, 47);
  BertEncoder enc(w, make_gemm_backend("own"));
  BertInput in = random_input(c, 1, 8, 1);
  in.token_ids[3] = c.vocab;
  REQUIRE_THROWS_WITH(enc.forward(in), Catch::Contains("position 3"));
  in = random_input(c, 1, c.max_position + 1, 1);
  REQUIRE_THROWS_WITH(enc.forward(in), Catch::Contains("max_position"));
  REQUIRE_THROWS_WITH(make_gemm_backend("dense.fast"), Catch::Contains("unknown GEMM backend"));
}

TEST_CASE("2:4 magnitude pruning keeps the two largest of every four, ties to the lower index") {
  std::vector<float> w{1, -4, 3, 2, 5, 5, 5, 5, 0.5f, 0, 0, 0, 1, 2, 3};
  prune_2of4_by_magnitude(w.data(), 1, 15);
  // The short last group (3 long) keeps min(2, 3) = 2.
  const std::vector<float> expected{0, -4, 3, 0, 5, 5, 0, 0, 0.5f, 0, 0, 0, 0, 2, 3};
  REQUIRE(w == expected);
}

TEST_CASE("oneDNN int8 and the own int8 kernel compute the same quantized encoder") {
  if (!gemm_backend_unavailable_reason("int8").empty()) {
    WARN("skipped: " << gemm_backend_unavailable_reason("int8"));
    return;
  }
  // Same per-row weight and per-tensor activation quantization, exact int32 sums: the two
  // encoders may differ only by float rounding in the output scaling, far below int8's error.
  const BertConfig c = tiny();
  const BertWeights w = random_bert_weights(c, 45);
  const BertInput in = padded_input(c);
  BertEncoder own(w, make_gemm_backend("int8"));
  BertEncoder lib(w, make_gemm_backend("onednn.int8"));
  own.forward(in);
  lib.forward(in);
  REQUIRE(own.ld() == lib.ld());
  double worst = 0.0;
  for (int f = 0; f < c.hidden; ++f)
    for (int t = 0; t < in.batch * in.sequence; ++t) {
      const std::size_t at = static_cast<std::size_t>(f) * own.ld() + t;
      worst = std::max(worst, static_cast<double>(std::abs(own.output()[at] - lib.output()[at])));
    }
  INFO("largest difference " << worst);
  REQUIRE(worst < 1e-4);
  REQUIRE(lib.backend().linear_kernel().find("onednn.matmul.s8s8") == 0);
}
